import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";

let app: TestApp;
const ADVISOR = "/api/admin/index-advisor";

const listDeals = (query: string) => app.admin.get(`/api/records/deal?${query}`);
const LIST_SHAPE = `limit=50&sort=-close_date&filter=${encodeURIComponent(
  JSON.stringify({ status: { eq: "customer" }, amount: { gt: 50000 } }),
)}`;

async function overview() {
  const response = await app.admin.post(`${ADVISOR}/run`);
  expect(response.status, response.text).toBe(200);
  return response.body as {
    indexes: Array<{
      id: string;
      index_name: string;
      status: string;
      automatic: boolean;
      built_by: { id: string; name: string } | null;
      unused: boolean;
      bytes: number | null;
      definition: { keys: Array<{ column: string; direction: string }>; include: string[] };
      reason: { calls: number; slow_calls: number; before: { scans: string[]; rowsRead: number } | null };
    }>;
    shapes: Array<{ key: string; calls: number }>;
  };
}

async function indexDefinitions(): Promise<string[]> {
  const { rows } = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes
    WHERE schemaname = ${app.database.schemas.workspace} AND tablename = 'deal'`.execute(app.database.db);
  return rows.map((row) => row.indexdef);
}

beforeAll(async () => {
  // Every read counts as slow and three make a shape worth an index; unused means "never read since built".
  app = await startTestApp({ advisor: { slowMs: 0, minSlowCalls: 3, unusedAfterDays: 0, quietMs: 0 } });
  await createObject(app.admin, "deal", "商机", "Deal");
  await addField(app.admin, "deal", { api_name: "name", type: "text" });
  await addField(app.admin, "deal", {
    api_name: "status",
    type: "single_select",
    config: {
      options: ["lead", "customer", "lost"].map((value) => ({ value, labels: label(value, value) })),
    },
  });
  await addField(app.admin, "deal", { api_name: "amount", type: "number" });
  await addField(app.admin, "deal", { api_name: "close_date", type: "date" });
  const records = Array.from({ length: 300 }, (_, i) => ({
    name: `deal ${i}`,
    status: ["lead", "customer", "lost"][i % 3],
    amount: (i % 10) * 20000,
    close_date: `2026-${String((i % 12) + 1).padStart(2, "0")}-15`,
  }));
  const created = await app.admin.post("/api/records/deal/bulk", { records });
  expect(created.status, created.text).toBe(201);
});
afterAll(() => app?.close());

describe(`index advisor on ${testEngine}`, () => {
  it("proposes the index a slow, frequent list shape needs, and builds it when told", async () => {
    expect((await app.admin.request("PUT", `${ADVISOR}/settings`, { auto_build: false })).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await listDeals(LIST_SHAPE)).status).toBe(200);
    const proposals = (await overview()).indexes.filter((index) => index.status === "proposed");
    expect(proposals).toHaveLength(1);
    const [proposal] = proposals;
    expect(proposal!.definition.keys).toEqual([
      { column: "status", direction: "asc" },
      { column: "close_date", direction: "desc" },
      { column: "id", direction: "desc" },
    ]);
    expect(proposal!.reason).toMatchObject({ calls: 3, slow_calls: 3 });
    expect(proposal!.reason.before?.scans).toContain("Seq Scan");
    // The table was analyzed before it was explained: a sequential scan reads all 300 rows, not "1 row".
    expect(proposal!.reason.before?.rowsRead).toBe(300);
    expect(await indexDefinitions()).not.toContainEqual(expect.stringContaining(proposal!.index_name));

    const built = await app.admin.post(`${ADVISOR}/indexes/${proposal!.id}/build`);
    expect(built.status, built.text).toBe(200);
    expect(built.body.index).toMatchObject({ status: "built", automatic: false });
    const definition = (await indexDefinitions()).find((text) => text.includes(proposal!.index_name));
    expect(definition).toMatch(/\(status, close_date DESC, id DESC\) WHERE \(deleted_at IS NULL\)/);

    // The built index serves the shape: more slow reads of it propose nothing new.
    for (let i = 0; i < 3; i++) await listDeals(LIST_SHAPE);
    expect((await overview()).indexes.filter((index) => index.status === "proposed")).toHaveLength(0);
    const audit = await app.admin.get("/api/audit-log?object=deal&action=index.build");
    expect(audit.body.entries.map((entry: { action: string }) => entry.action)).toContain("index.build");
    // The page names who built it: the index row keeps only "not automatic", the audit log the admin.
    const me = (await app.admin.get("/api/auth/me")).body.user as { id: string; name: string };
    const shown = (await overview()).indexes.find((index) => index.id === proposal!.id);
    expect(shown).toMatchObject({ status: "built", built_by: { id: me.id, name: me.name } });
  });

  it("builds by itself when allowed, also for aggregate shapes, and proposes dropping what nothing reads", async () => {
    expect((await app.admin.request("PUT", `${ADVISOR}/settings`, { auto_build: true })).status).toBe(200);
    const body = {
      group_by: [{ field: "status" }],
      aggregates: [{ fn: "sum", field: "amount" }],
      filter: { name: { eq: "deal 7" } },
    };
    for (let i = 0; i < 3; i++) {
      const response = await app.admin.post("/api/records/deal/aggregate", body);
      expect(response.status, response.text).toBe(200);
    }
    const seen = await overview();
    const automatic = seen.indexes.find((index) => index.automatic);
    expect(automatic).toMatchObject({
      status: "built",
      definition: { keys: [{ column: "name" }, { column: "status" }], include: ["amount"] },
    });
    // Nothing has read through it since it was built (and "unused" starts at once in this test).
    expect(automatic!.unused).toBe(true);
    expect(automatic!.bytes).toBeGreaterThan(0);
    const dropped = await app.admin.post(`${ADVISOR}/indexes/${automatic!.id}/drop`);
    expect(dropped.status, dropped.text).toBe(204);
    expect(await indexDefinitions()).not.toContainEqual(expect.stringContaining(automatic!.index_name));
    const after = (await overview()).indexes.find((index) => index.id === automatic!.id);
    expect(after).toBeUndefined();
  });

  it.runIf(testEngine === "postgres")(
    "builds concurrently: writes to the table go on during the build",
    async () => {
      expect((await app.admin.request("PUT", `${ADVISOR}/settings`, { auto_build: false })).status).toBe(200);
      const shape = `sort=name&filter=${encodeURIComponent(JSON.stringify({ amount: { gte: 40000 } }))}`;
      for (let i = 0; i < 3; i++) expect((await listDeals(shape)).status).toBe(200);
      const proposal = (await overview()).indexes.find((index) => index.status === "proposed");
      expect(proposal?.definition.keys.map((key) => key.column)).toEqual(["name", "id"]);
      // A writer's open transaction: a concurrent build waits for it; a plain CREATE INDEX would hold its lock
      // while waiting, and every later write to the table would queue behind it.
      const holder = await app.database.pool.connect();
      try {
        await holder.query("BEGIN");
        await holder.query(
          `UPDATE "${app.database.schemas.workspace}".deal SET name = name WHERE name = 'deal 1'`,
        );
        const building = app.admin.post(`${ADVISOR}/indexes/${proposal!.id}/build`);
        await until("the build waiting for the open writer", async () => {
          const { rows } = await sql`SELECT 1 FROM pg_stat_activity
          WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'`.execute(
            app.database.db,
          );
          return rows.length > 0;
        });
        const started = Date.now();
        const created = await app.admin.post("/api/records/deal", {
          name: "written during the build",
          amount: 1,
        });
        expect(created.status, created.text).toBe(201);
        expect(Date.now() - started).toBeLessThan(2000);
        await holder.query("COMMIT");
        const built = await building;
        expect(built.status, built.text).toBe(200);
        expect(built.body.index.status).toBe("built");
      } finally {
        holder.release();
      }
      const valid = await sql<{ valid: boolean }>`SELECT indisvalid AS valid FROM pg_index
      WHERE indexrelid = to_regclass(${`"${app.database.schemas.workspace}".${proposal!.index_name}`})`.execute(
        app.database.db,
      );
      expect(valid.rows[0]?.valid).toBe(true);
    },
  );

  it("is for admins only, and says which index it cannot act on", async () => {
    const missing = await app.admin.post(`${ADVISOR}/indexes/00000000-0000-4000-8000-000000000000/build`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("INDEX_NOT_FOUND");
    const bad = await app.admin.request("PUT", `${ADVISOR}/settings`, { max_indexes_per_object: -1 });
    expect(bad.status).toBe(400);
  });
});
