import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient } from "../../test/http-client.ts";
import {
  expectSameAnswer,
  type PrivateReps,
  setUpPrivateReps,
  shareWithProber,
} from "../../test/private-reps.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

/**
 * GET /api/records/{object}/{id}/my-permissions tells the record page what to offer. Every "no" must be a
 * refusal of the write itself, and every "yes" a write that goes through: the page never offers what the
 * server refuses, nor hides what it allows.
 */
let app: TestApp;
let reps: PrivateReps;
const ids: Record<string, string> = {};
const MISSING = "0190a3b4-0000-7000-8000-00000000abcd";
const path = (key: string) => `/api/records/customer/${ids[key] ?? key}`;

beforeAll(async () => {
  app = await startTestApp();
  reps = await setUpPrivateReps(app);
  for (const key of ["own", "readShared", "editShared", "private", "binned"]) {
    const created = await reps.victim.client.post("/api/records/customer", { name: key });
    expect(created.status, created.text).toBe(201);
    ids[key] = created.body.id;
  }
  await shareWithProber(reps, "customer", ids.readShared!, "read");
  await shareWithProber(reps, "customer", ids.editShared!, "edit");
  await shareWithProber(reps, "customer", ids.binned!, "edit");
  expect((await reps.victim.client.delete(path("binned"))).status).toBe(204);
});
afterAll(() => app?.close());

const permissions = (client: HttpClient, key: string) => client.get(`${path(key)}/my-permissions`);

/** Tries each write the answer speaks of and returns what the server said to each. */
async function tryWrites(client: HttpClient, key: string, to: string) {
  const edit = await client.patch(path(key), { name: `${key} 改` });
  const removed = await client.delete(path(key));
  if (removed.status === 204) expect((await client.post(`${path(key)}/restore`, {})).status).toBe(200);
  // Last: a transfer that goes through may take the record out of the caller's reach.
  const transfer = await client.post("/api/records/customer/transfer", { ids: [ids[key]], owner_id: to });
  return { edit: edit.status, transfer: transfer.status, delete: removed.status };
}

describe(`what a caller may do with one record (${testEngine})`, () => {
  it("answers each write's own verdict: shared to read, shared to edit, and one's own", async () => {
    const { victim, prober } = reps;
    const cases = [
      {
        client: prober.client,
        key: "readShared",
        to: prober.id,
        expected: { edit: false, delete: false, transfer: false },
      },
      // Editing is shared, handing it to someone else is the owner's (or a transfer right's) to do.
      {
        client: prober.client,
        key: "editShared",
        to: prober.id,
        expected: { edit: true, delete: true, transfer: false },
      },
      {
        client: victim.client,
        key: "own",
        to: prober.id,
        expected: { edit: true, delete: true, transfer: true },
      },
    ];
    for (const { client, key, to, expected } of cases) {
      const answer = await permissions(client, key);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body, key).toEqual(expected);
      const statuses = await tryWrites(client, key, to);
      for (const action of ["edit", "transfer", "delete"] as const) {
        const allowed = expected[action];
        expect(
          allowed ? statuses[action] < 300 : statuses[action] === 403,
          `${key}: ${action} ${statuses[action]}`,
        ).toBe(true);
      }
    }
  });

  it("answers a record the caller cannot read, or one in the recycle bin, as it answers a missing one", async () => {
    const missing = await permissions(reps.prober.client, MISSING);
    expect(missing.status).toBe(404);
    expectSameAnswer(await permissions(reps.prober.client, "private"), missing, {
      refused: ids.private!,
      missing: MISSING,
    });
    expectSameAnswer(await permissions(reps.prober.client, "binned"), missing, {
      refused: ids.binned!,
      missing: MISSING,
    });
  });

  it("answers a list page's records in one request, as the record page's answer for each", async () => {
    for (const client of [reps.prober.client, reps.victim.client, app.admin]) {
      const keys = ["own", "readShared", "editShared", "private", "binned"];
      const batch = await client.post("/api/records/customer/actions", {
        ids: [...keys.map((key) => ids[key]), MISSING],
      });
      expect(batch.status, batch.text).toBe(200);
      const expected: Record<string, unknown> = {};
      for (const key of keys) {
        const single = await permissions(client, key);
        if (single.status === 200) expected[ids[key]!] = single.body;
        else expect(single.status).toBe(404);
      }
      // Unreadable, binned and missing ids are left out alike: nothing to tell them apart.
      expect(batch.body).toEqual({ actions: expected });
    }
    const prober = await reps.prober.client.post("/api/records/customer/actions", {
      ids: [ids.private, ids.binned, MISSING],
    });
    expect(prober.body).toEqual({ actions: {} });
    expect((await reps.prober.client.post("/api/records/customer/actions", { ids: [] })).body).toEqual({
      actions: {},
    });
  });

  it("refuses a batch that is not a list of record ids", async () => {
    const client = reps.prober.client;
    expect((await client.post("/api/records/customer/actions", { ids: ["x"] })).status).toBe(400);
    expect((await client.post("/api/records/customer/actions", {})).status).toBe(400);
    expect((await client.post("/api/records/nope/actions", { ids: [MISSING] })).status).toBe(404);
  });

  it("gives the administrator everything", async () => {
    const answer = await permissions(app.admin, "readShared");
    expect(answer.body).toEqual({ edit: true, delete: true, transfer: true });
  });
});
