import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectRefusedLikeMissing,
  type PrivateReps,
  setUpPrivateReps,
  shareWithProber,
  uploadFile,
} from "../../test/private-reps.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

// Issue 18, leak 1: knowing a file's id was enough to read it, by attaching it to a record of one's own.
let app: TestApp;
let reps: PrivateReps;
const MISSING_FILE = "0190a000-0000-7000-8000-00000000f11e";
const BYTES = new TextEncoder().encode("victim's contract, confidential");

beforeAll(async () => {
  app = await startTestApp();
  reps = await setUpPrivateReps(app);
});
afterAll(() => app?.close());

/** Every way a prober can write an attachment field: create, PATCH, bulk create, bulk PATCH, nested create. */
async function attachAllWays(fileId: string) {
  const { client } = reps.prober;
  const own = (await client.post("/api/records/customer", { name: "prober's own" })).body;
  return {
    create: await client.post("/api/records/customer", { name: "copy", files: [{ id: fileId }] }),
    patch: await client.patch(`/api/records/customer/${own.id}`, { files: [fileId] }),
    bulkCreate: await client.post("/api/records/customer/bulk", {
      records: [{ name: "bulk copy", files: [fileId] }],
    }),
    bulkPatch: await client.patch("/api/records/customer/bulk", {
      records: [{ id: own.id, files: [fileId] }],
    }),
    nested: await client.post("/api/records/customer/nested", {
      record: { name: "nested copy", files: [fileId] },
    }),
  };
}

describe("attaching a file needs the right to read it", () => {
  it("refuses a colleague's unattached upload exactly like a file that does not exist, and never serves it", async () => {
    const fileId = await uploadFile(reps.victim.client, BYTES, "合同.pdf");
    expectRefusedLikeMissing(await attachAllWays(fileId), await attachAllWays(MISSING_FILE), {
      refused: fileId,
      missing: MISSING_FILE,
    });
    expect((await reps.prober.client.get(`/api/files/${fileId}`)).status).toBe(404);
    expect((await reps.prober.client.get(`/api/files/${fileId}/meta`)).status).toBe(404);
  });

  it("refuses a file held by a colleague's private record, and lets the colleague and their own uploads through", async () => {
    const fileId = await uploadFile(reps.victim.client, BYTES, "报价.pdf");
    const held = await reps.victim.client.post("/api/records/customer", {
      name: "victim's",
      files: [fileId],
    });
    expect(held.status, held.text).toBe(201);
    const refused = await reps.prober.client.post("/api/records/customer", { name: "copy", files: [fileId] });
    expect(refused.status).toBe(400);
    expect(refused.text).not.toContain("报价.pdf");
    expect((await reps.prober.client.get(`/api/files/${fileId}`)).status).toBe(404);
    // The owner may copy their own file; a prober may attach what they uploaded themselves.
    const copied = await reps.victim.client.post("/api/records/customer", { name: "v2", files: [fileId] });
    expect(copied.status, copied.text).toBe(201);
    const ownUpload = await uploadFile(reps.prober.client, BYTES, "mine.pdf");
    const mine = await reps.prober.client.post("/api/records/customer", { name: "p", files: [ownUpload] });
    expect(mine.status, mine.text).toBe(201);
    expect(mine.body.files[0]).toMatchObject({ id: ownUpload, name: "mine.pdf", size: BYTES.length });
  });

  it("lets a writer keep the files of a record they edit, and admins attach anything", async () => {
    const fileId = await uploadFile(reps.victim.client, BYTES, "kept.pdf");
    const record = (await reps.victim.client.post("/api/records/customer", { name: "v", files: [fileId] }))
      .body;
    await shareWithProber(reps, "customer", record.id, "edit");
    // The prober edits the shared record and sends its attachment list back unchanged, as the form does.
    const edited = await reps.prober.client.patch(`/api/records/customer/${record.id}`, {
      name: "edited",
      files: record.files,
    });
    expect(edited.status, edited.text).toBe(200);
    const admin = await app.admin.post("/api/records/customer", { name: "admin's", files: [fileId] });
    expect(admin.status, admin.text).toBe(201);
  });

  it("follows the records that hold a file now: a revoked share or a removed attachment revokes the file", async () => {
    const fileId = await uploadFile(reps.victim.client, BYTES, "shared.pdf");
    const record = (await reps.victim.client.post("/api/records/customer", { name: "s", files: [fileId] }))
      .body;
    const share = await shareWithProber(reps, "customer", record.id, "read");
    expect((await reps.prober.client.get(`/api/files/${fileId}`)).status).toBe(200);
    const revoked = await reps.victim.client.delete(`/api/records/customer/${record.id}/shares/${share}`);
    expect(revoked.status, revoked.text).toBe(204);
    expect((await reps.prober.client.get(`/api/files/${fileId}`)).status).toBe(404);
    const late = await reps.prober.client.post("/api/records/customer", { name: "late", files: [fileId] });
    expect(late.status).toBe(400);
    expect(late.body.errors[0].code).toBe("invalid_reference");
    // Shared again, then the attachment is taken off the record: the file goes with it.
    await shareWithProber(reps, "customer", record.id, "read");
    expect((await reps.prober.client.get(`/api/files/${fileId}/meta`)).status).toBe(200);
    const removed = await reps.victim.client.patch(`/api/records/customer/${record.id}`, { files: [] });
    expect(removed.status, removed.text).toBe(200);
    expect((await reps.prober.client.get(`/api/files/${fileId}/meta`)).status).toBe(404);
  });
});
