import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField } from "../../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createSalesFixture, money } from "../../test/validation-fixture.ts";

// ADR 0019: a formula made stored on a table bigger than one batch is filled after its metadata change.
let app: TestApp;
const accounts: Record<string, string> = {};
const deals: string[] = [];
const BATCH = 2;

const storedFormula = (api_name: string, expression: string, extra: Record<string, unknown> = {}) => ({
  api_name,
  type: "formula",
  config: { expression, stored: true },
  ...extra,
});

/** Steps the field's fill until it is done; returns the number of steps. */
async function fillToTheEnd(server: TestApp["server"], fieldId: string): Promise<number> {
  let steps = 1;
  while ((await server.backfills.step(fieldId)) === "more") steps++;
  return steps;
}

/** The stored column of every deal, by id order, read past the API (numbers without trailing zeros). */
async function column(name: string): Promise<Array<string | null>> {
  const value = name === "net_amount" ? sql`trim_scale(${sql.id(name)})::text` : sql.id(name);
  const { rows } = await sql<{ v: string | null }>`SELECT ${value} AS v
    FROM ${sql.id(app.database.schemas.workspace, "deal")} ORDER BY id`.execute(app.database.db);
  return rows.map((row) => row.v);
}

const dealValue = async (name: string, id: string) =>
  (await app.admin.get(`/api/records/deal/${id}`)).body[name];
const fieldOf = async (name: string) => (await app.admin.get(`/api/meta/objects/deal/fields/${name}`)).body;
const listBy = (query: string, headers: Record<string, string> = {}) =>
  app.admin.get(`/api/records/deal?${query}`, headers);

beforeAll(async () => {
  app = await startTestApp({ backfill: { batchSize: BATCH, manual: true } });
  await createSalesFixture(app.admin);
  for (const [name, tier] of [
    ["A", "a"],
    ["B", "b"],
  ] as const) {
    const created = await app.admin.post("/api/records/account", { name, tier });
    accounts[name] = created.body.id;
  }
  // Ids are time-ordered: the first batch holds deals 0 and 1, both of account A.
  for (let i = 0; i < 7; i++) {
    const created = await app.admin.post("/api/records/deal", {
      title: `d${i}`,
      amount: money(String(100 * (i + 1))),
      discount: 10,
      account: i < 4 ? accounts.A : accounts.B,
    });
    expect(created.status, created.text).toBe(201);
    deals.push(created.body.id);
  }
});
afterAll(() => app?.close());

describe(`stored formula backfill on ${testEngine}`, () => {
  let net: { id: string };

  it("makes a formula stored at once, marked filling, its values computed on reads meanwhile", async () => {
    net = await addField(
      app.admin,
      "deal",
      storedFormula("net_amount", "amount * (1 - discount / 100)", { indexed: true }),
    );
    expect(net).toMatchObject({ filling: true, indexed: true, config: { stored: true } });
    expect((await fieldOf("net_amount")).filling).toBe(true);
    // The column exists and nothing is in it yet: the metadata change did not fill it.
    expect(await column("net_amount")).toEqual(Array(7).fill(null));
    expect(await dealValue("net_amount", deals[2]!)).toBe("270.00");
    const page = await listBy("fields=title,net_amount&limit=10");
    expect(page.body.records.find((r: { id: string }) => r.id === deals[0]).net_amount).toBe("90.00");
  });

  it("answers FIELD_FILLING to a filter or a sort on it, in the caller's language", async () => {
    const filter = encodeURIComponent(JSON.stringify({ net_amount: { gte: 100 } }));
    const filtered = await listBy(`filter=${filter}`, { "accept-language": "zh-CN" });
    expect(filtered.status, filtered.text).toBe(409);
    expect(filtered.body).toMatchObject({ code: "FIELD_FILLING", status: 409 });
    expect(filtered.body.detail).toContain("deal.net_amount");
    const sorted = await listBy("sort=-net_amount");
    expect(sorted.status).toBe(409);
    expect(sorted.body.code).toBe("FIELD_FILLING");
    expect(sorted.body.title).toBe("Field is being filled");
    expect(filtered.body.title).toBe("字段的值正在计算中");
    const posted = await app.admin.post("/api/records/deal/query", { filter: { net_amount: { gte: 1 } } });
    expect(posted.status).toBe(409);
  });

  it("fills in batches, keeps what writes change meanwhile, then indexes and ends filling", async () => {
    expect(await app.server.backfills.step(net.id)).toBe("more");
    expect((await column("net_amount")).slice(0, 3)).toEqual(["90", "180", null]);
    // A write to a filled row and one to a row not filled yet: the write path keeps the column right.
    for (const id of [deals[0]!, deals[5]!]) {
      const changed = await app.admin.patch(`/api/records/deal/${id}`, { amount: money("1000") });
      expect(changed.status, changed.text).toBe(200);
    }
    expect((await column("net_amount"))[5]).toBe("900");
    expect(await fillToTheEnd(app.server, net.id)).toBe(4);
    expect(await column("net_amount")).toEqual(["900", "180", "270", "360", "450", "900", "630"]);
    expect((await fieldOf("net_amount")).filling).toBe(false);
    const { rows } = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes
      WHERE schemaname = ${app.database.schemas.workspace} AND tablename = 'deal'`.execute(app.database.db);
    expect(rows.map((r) => r.indexdef).join("\n")).toMatch(/\(net_amount, id\) WHERE \(deleted_at IS NULL\)/);
    // Filters and sorts work again, on the column.
    app.queries.length = 0;
    const filter = encodeURIComponent(JSON.stringify({ net_amount: { gte: 600 } }));
    const page = await listBy(`filter=${filter}&sort=-net_amount&fields=title`);
    expect(page.status, page.text).toBe(200);
    expect(page.body.records.map((r: { title: string }) => r.title)).toEqual(["d5", "d0", "d6"]);
    expect(app.queries.find((q) => q.includes('ORDER BY ("t"."net_amount") DESC'))).toBeDefined();
    // The change that ended the fill is in the schema-change log with the index it recorded.
    const log = await app.admin.get("/api/meta/schema-changes");
    expect(JSON.stringify(log.body)).toContain("filled stored formula deal.net_amount");
  });

  it.runIf(testEngine === "postgres")(
    "never writes a value older than a concurrent write's (a lookup changed while a batch waits)",
    async () => {
      const tier = await addField(app.admin, "deal", storedFormula("account_tier", "account.tier"));
      const tables = app.database.schemas.workspace;
      let commit!: () => void;
      const released = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => {
        locked = resolve;
      });
      // What a record write does when account A's tier changes: the account, then its deals' stored lookup
      // (stored-formula-hooks.ts), committed after the batch started and found the first deals locked.
      const writer = app.database.db.transaction().execute(async (trx) => {
        await sql`UPDATE ${sql.id(tables, "account")} SET tier = 'c' WHERE id = ${accounts.A}`.execute(trx);
        await sql`UPDATE ${sql.id(tables, "deal")} SET account_tier = 'c' WHERE account = ${accounts.A}`.execute(
          trx,
        );
        locked();
        await released;
      });
      await holding;
      const batch = app.server.backfills.step(tier.id);
      await waitUntilBlocked(tables);
      commit();
      await writer;
      expect(await batch).toBe("more");
      expect((await column("account_tier")).slice(0, 2)).toEqual(["c", "c"]);
      await fillToTheEnd(app.server, tier.id);
      expect(await column("account_tier")).toEqual(["c", "c", "c", "c", "b", "b", "b"]);
    },
  );

  it("resumes an unfinished fill where it stopped when a server starts", async () => {
    const named = await addField(app.admin, "deal", storedFormula("account_name", "account.name"));
    expect(await app.server.backfills.step(named.id)).toBe("more");
    // Marks the rows the first batch filled: a fill started over would overwrite the marks.
    const deal = sql.id(app.database.schemas.workspace, "deal");
    await sql`UPDATE ${deal} SET account_name = 'first batch' WHERE account_name IS NOT NULL`.execute(
      app.database.db,
    );
    const restarted = await startTestApp({ sameDatabaseAs: app, backfill: { batchSize: BATCH } });
    try {
      await restarted.server.backfills.idle();
      expect(await column("account_name")).toEqual(["first batch", "first batch", "A", "A", "B", "B", "B"]);
      expect((await fieldOf("account_name")).filling).toBe(false);
      expect((await restarted.admin.get("/api/meta/objects/deal/fields/account_name")).body.filling).toBe(
        false,
      );
    } finally {
      await restarted.close();
    }
  });
});

/** Waits until a statement on the test's tables waits for a row lock (the batch behind the writer). */
async function waitUntilBlocked(schema: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE wait_event_type = 'Lock' AND query LIKE ${`%${schema}%`}`.execute(app.database.db);
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the batch never waited for the writer's locks");
}
