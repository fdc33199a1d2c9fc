import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createRep, makePrivate, manyToOne, openObjectsToMembers } from "./reader-access-fixture.ts";

let app: TestApp;
let account = "";
const reps: Record<string, HttpClient> = {};

async function createDeal(client: HttpClient, amount: number) {
  const response = await client.post("/api/records/deal", { title: `deal ${amount}`, amount, account });
  expect(response.status, response.text).toBe(201);
}

beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "account", "客户", "Account");
  await addField(app.admin, "account", { api_name: "name", type: "text" });
  await createObject(app.admin, "deal", "商机", "Deal");
  await addField(app.admin, "deal", { api_name: "title", type: "text" });
  await addField(app.admin, "deal", { api_name: "amount", type: "number" });
  await addField(app.admin, "deal", manyToOne("account", "account", "deals"));
  // Each rep reads their own deals only; accounts are open to everyone.
  await makePrivate(app, "deal");
  await openObjectsToMembers(app);
  for (const name of ["rep1", "rep2"]) reps[name] = (await createRep(app, name)).client;
  // Not an administrator: a role that may view all records (`view_all`) of every object.
  const auditor = await app.admin.post("/api/meta/roles", {
    api_name: "auditor",
    labels: label("审计", "Auditor"),
    permissions: { default_objects: { read: true, view_all: true } },
  });
  expect(auditor.status, auditor.text).toBe(201);
  reps.auditor = (await createRep(app, "auditor", ["auditor"])).client;
  account = (await app.admin.post("/api/records/account", { name: "Acme" })).body.id;
  await createDeal(reps.rep1!, 100);
  await createDeal(reps.rep1!, 5);
  await createDeal(reps.rep2!, 200);
  // The default (no `rollup_as`, as every rollup defined before ADR 0015) counts as the reader.
  for (const [api_name, config] of [
    ["pipeline", {}],
    ["pipeline_seen", { rollup_as: "reader" }],
    ["pipeline_all", { rollup_as: "system" }],
  ] as const)
    await addField(app.admin, "account", {
      api_name,
      type: "formula",
      config: { expression: "SUM(deals.amount)", ...config },
    });
  // A formula reading a reader-scoped rollup is reader-scoped too.
  await addField(app.admin, "account", {
    api_name: "pipeline_x2",
    type: "formula",
    config: { expression: "pipeline * 2" },
  });
});

afterAll(() => app?.close());

describe(`rollups on ${testEngine}`, () => {
  const seen = async (client: HttpClient) => {
    const response = await client.get(`/api/records/account/${account}`);
    expect(response.status, response.text).toBe(200);
    const { pipeline, pipeline_x2, pipeline_seen, pipeline_all } = response.body;
    return [pipeline, pipeline_x2, pipeline_seen, pipeline_all];
  };

  it("count only the related records the reading user may read, by default", async () => {
    expect(await seen(reps.rep1!)).toEqual([105, 210, 105, 305]);
    expect(await seen(reps.rep2!)).toEqual([200, 400, 200, 305]);
  });

  it("count everything for readers who may view all records, administrators or not", async () => {
    expect(await seen(app.admin)).toEqual([305, 610, 305, 305]);
    expect(await seen(reps.auditor!)).toEqual([305, 610, 305, 305]);
  });

  it("answer a write with the writer's own sum", async () => {
    const response = await reps.rep2!.patch(`/api/records/account/${account}`, { name: "Acme 2" });
    expect(response.status, response.text).toBe(200);
    expect([response.body.pipeline, response.body.pipeline_all]).toEqual([200, 305]);
  });

  it("filter, sort and count by what the reader may see", async () => {
    const filter = encodeURIComponent(JSON.stringify({ pipeline: { gt: 150 } }));
    const count = async (client: HttpClient) => {
      const response = await client.get(`/api/records/account?filter=${filter}&sort=-pipeline&count=true`);
      expect(response.status, response.text).toBe(200);
      expect(response.body.total).toBe(response.body.records.length);
      return response.body.records.length;
    };
    expect([await count(app.admin), await count(reps.rep1!), await count(reps.rep2!)]).toEqual([1, 0, 1]);
  });

  it("are stored only when the admin chose system totals", async () => {
    for (const config of [{}, { rollup_as: "reader" }]) {
      const response = await app.admin.patch("/api/meta/objects/account/fields/pipeline_seen", {
        config: { expression: "SUM(deals.amount)", ...config, stored: true },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({ field: "config.stored", code: "invalid_value" });
    }
    const stored = await app.admin.patch("/api/meta/objects/account/fields/pipeline_all", {
      config: { expression: "SUM(deals.amount)", rollup_as: "system", stored: true },
    });
    expect(stored.status, stored.text).toBe(200);
    expect(await seen(reps.rep1!)).toEqual([105, 210, 105, 305]);
  });

  it("turn reader-scoped when stored under the old default, until the admin chooses", async () => {
    const { system, workspace } = app.database.schemas;
    const columnExists = async (name: string) => {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.columns
        WHERE table_schema = ${workspace} AND table_name = 'account' AND column_name = ${name}`.execute(
        app.database.db,
      );
      return rows[0]!.n === 1;
    };
    const system_rollup = { expression: "SUM(deals.amount)", rollup_as: "system", stored: true };
    for (const api_name of ["legacy_kept", "legacy_dropped"])
      await addField(app.admin, "account", { api_name, type: "formula", config: system_rollup });
    // What an installation from before ADR 0015 holds: stored rollups without `rollup_as`.
    await sql`UPDATE ${sql.id(system, "fields")} SET config = config - 'rollup_as'
      WHERE api_name IN ('legacy_kept', 'legacy_dropped')`.execute(app.database.db);
    await sql`UPDATE ${sql.id(system, "meta_version")} SET version = version + 1`.execute(app.database.db);
    const legacy = async (client: HttpClient) => {
      const { body } = await client.get(`/api/records/account/${account}`);
      return [body.legacy_kept, body.legacy_dropped];
    };
    expect(await legacy(reps.rep1!)).toEqual([105, 105]);
    expect(await columnExists("legacy_kept")).toBe(true);
    // Choosing system totals again stores it afresh over the old column; unstoring drops the column.
    const kept = await app.admin.patch("/api/meta/objects/account/fields/legacy_kept", {
      config: system_rollup,
    });
    expect(kept.status, kept.text).toBe(200);
    const dropped = await app.admin.patch("/api/meta/objects/account/fields/legacy_dropped", {
      config: { expression: "SUM(deals.amount)" },
    });
    expect(dropped.status, dropped.text).toBe(200);
    expect(await legacy(reps.rep1!)).toEqual([305, 105]);
    expect([await columnExists("legacy_kept"), await columnExists("legacy_dropped")]).toEqual([true, false]);
  });
});
