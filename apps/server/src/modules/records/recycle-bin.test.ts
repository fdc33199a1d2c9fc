import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient } from "../../test/http-client.ts";
import {
  HIDDEN_CANARY,
  type PrivateReps,
  setUpPrivateReps,
  shareWithProber,
} from "../../test/private-reps.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

/**
 * The recycle bin across objects (GET /api/recycle-bin) on private customers and deals: the victim's and the
 * prober's own deleted records, and three of the victim's customers the prober reaches differently — not at
 * all, shared to read (readable, not restorable), shared to edit (restorable).
 */
let app: TestApp;
let reps: PrivateReps;
const ids: Record<string, string> = {};
const BIN = "/api/recycle-bin";

interface Entry {
  object: string;
  id: string;
  title: string | null;
  deleted_at: string;
  deleted_by: string | null;
  owner_id: string | null;
}

async function create(client: HttpClient, key: string, object: "customer" | "deal", body: object) {
  const response = await client.post(`/api/records/${object}`, body);
  expect(response.status, response.text).toBe(201);
  ids[key] = response.body.id;
}

async function remove(client: HttpClient, key: string, object: string) {
  app.clock.advance(60_000); // one minute apart: the bin's order is the order of deletion
  const response = await client.delete(`/api/records/${object}/${ids[key]}`);
  expect(response.status, response.text).toBe(204);
}

async function bin(
  client: HttpClient,
  query = "",
): Promise<{ records: Entry[]; next_cursor: string | null; may_purge: boolean }> {
  const response = await client.get(`${BIN}${query ? `?${query}` : ""}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

const keysOf = (entries: Entry[]) => entries.map((e) => Object.keys(ids).find((key) => ids[key] === e.id));

beforeAll(async () => {
  app = await startTestApp();
  reps = await setUpPrivateReps(app);
  const { victim, prober } = reps;
  await create(victim.client, "victimCustomer", "customer", { name: "胜利客户" });
  await create(victim.client, "victimDeal", "deal", { title: "胜利商机" });
  await create(victim.client, "readShared", "customer", { name: "只读共享" });
  await create(victim.client, "editShared", "customer", { name: "可编辑共享" });
  await create(victim.client, "victimLive", "customer", { name: "还在用的" });
  await create(prober.client, "proberCustomer", "customer", { name: "探查者的客户" });
  // Members may not see `secret`: the administrator fills it in.
  for (const key of ["victimCustomer", "readShared", "editShared"]) {
    const patched = await app.admin.patch(`/api/records/customer/${ids[key]}`, { secret: HIDDEN_CANARY });
    expect(patched.status, patched.text).toBe(200);
  }
  await shareWithProber(reps, "customer", ids.readShared!, "read");
  await shareWithProber(reps, "customer", ids.editShared!, "edit");
  await remove(victim.client, "victimCustomer", "customer");
  await remove(victim.client, "victimDeal", "deal");
  await remove(victim.client, "readShared", "customer");
  await remove(victim.client, "editShared", "customer");
  await remove(prober.client, "proberCustomer", "customer");
});
afterAll(() => app?.close());

describe(`the recycle bin across objects (${testEngine})`, () => {
  it("lists every object's deleted records, newest first, with who deleted them and their title", async () => {
    const all = await bin(app.admin);
    expect(keysOf(all.records)).toEqual([
      "proberCustomer",
      "editShared",
      "readShared",
      "victimDeal",
      "victimCustomer",
    ]);
    expect(all.records[3]).toMatchObject({
      object: "deal",
      title: "胜利商机",
      deleted_by: reps.victim.id,
      owner_id: reps.victim.id,
    });
    expect(all.may_purge).toBe(true);
  });

  it("shows a rep only what they could restore: their own, and what is shared with them to edit", async () => {
    const victims = await bin(reps.victim.client);
    expect(keysOf(victims.records)).toEqual(["editShared", "readShared", "victimDeal", "victimCustomer"]);
    expect(victims.may_purge).toBe(false);
    const probers = await bin(reps.prober.client);
    // The victim's private customer is absent, and so is the one shared only to read (restoring needs edit).
    expect(keysOf(probers.records)).toEqual(["proberCustomer", "editShared"]);
    const refused = await reps.prober.client.post(`/api/records/customer/${ids.readShared}/restore`, {});
    expect(refused.status).toBe(403);
  });

  it("never names a record by a field hidden from the reader", async () => {
    const display = await app.admin.patch("/api/meta/objects/customer", { display_field: "secret" });
    expect(display.status, display.text).toBe(200);
    try {
      // The prober's client fails on any response that carries the canary.
      const probers = await bin(reps.prober.client, "object=customer");
      expect(probers.records.map((e) => e.title)).toEqual(["探查者的客户", "可编辑共享"]);
      expect((await bin(app.admin, "object=customer")).records[0]!.title).toBe(null);
    } finally {
      await app.admin.patch("/api/meta/objects/customer", { display_field: "name" });
    }
  });

  it("filters by object, by who deleted and by when", async () => {
    expect(keysOf((await bin(app.admin, "object=deal")).records)).toEqual(["victimDeal"]);
    expect(keysOf((await bin(app.admin, `deleted_by=${reps.prober.id}`)).records)).toEqual([
      "proberCustomer",
    ]);
    const all = (await bin(app.admin)).records;
    const from = encodeURIComponent(all[3]!.deleted_at);
    const before = encodeURIComponent(all[1]!.deleted_at);
    expect(keysOf((await bin(app.admin, `deleted_from=${from}&deleted_before=${before}`)).records)).toEqual([
      "readShared",
      "victimDeal",
    ]);
    expect((await bin(reps.prober.client, "object=deal")).records).toEqual([]);
  });

  it("pages with a cursor through the same order, one statement per page whatever the number of objects", async () => {
    const whole = keysOf((await bin(app.admin)).records);
    const paged: unknown[] = [];
    let cursor: string | null = null;
    do {
      app.queries.length = 0;
      const page = await bin(app.admin, `limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      const onObjects = app.queries.filter((text) => text.includes(app.database.schemas.workspace));
      expect(onObjects).toHaveLength(1);
      expect(onObjects[0]).toMatch(/UNION ALL/);
      paged.push(...keysOf(page.records));
      cursor = page.next_cursor;
    } while (cursor);
    expect(paged).toEqual(whole);
  });

  it("restores through the record's own route: the record leaves the bin and is back in its list", async () => {
    const restored = await reps.prober.client.post(`/api/records/customer/${ids.editShared}/restore`, {});
    expect(restored.status, restored.text).toBe(200);
    expect(keysOf((await bin(reps.prober.client)).records)).toEqual(["proberCustomer"]);
    expect((await reps.victim.client.get(`/api/records/customer/${ids.editShared}`)).status).toBe(200);
  });

  it("empties a record for good only with the right to change all data", async () => {
    const refused = await reps.prober.client.delete(
      `/api/records/customer/${ids.proberCustomer}?permanent=true`,
    );
    expect(refused.status).toBe(403);
    const purged = await app.admin.delete(`/api/records/customer/${ids.proberCustomer}?permanent=true`);
    expect(purged.status, purged.text).toBe(204);
    expect((await bin(reps.prober.client)).records).toEqual([]);
    expect(keysOf((await bin(app.admin)).records)).not.toContain("proberCustomer");
  });

  it("answers bad input with problem+json naming each field", async () => {
    const bad = async (query: string, field: string) => {
      const response = await reps.victim.client.get(`${BIN}?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    await bad("object=customer,nosuch", "object");
    await bad("deleted_by=someone", "querystring.deleted_by");
    await bad("deleted_from=yesterday", "querystring.deleted_from");
    await bad("deleted_from=2026-03-16T00:00:00Z&deleted_before=2026-03-15T00:00:00Z", "deleted_before");
    await bad("limit=0", "querystring.limit");
    const cursor = await reps.victim.client.get(
      `${BIN}?cursor=${Buffer.from('["x","y","z"]').toString("base64url")}`,
    );
    expect(cursor.status).toBe(400);
    expect(cursor.body.code).toBe("INVALID_CURSOR");
  });
});
