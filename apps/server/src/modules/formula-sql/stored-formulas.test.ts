import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createSalesFixture, money } from "../../test/validation-fixture.ts";

let app: TestApp;
const ids: Record<string, string> = {};

// A stored value is one value for every reader: a stored rollup must count as the system (ADR 0015).
const formula = (api_name: string, expression: string, extra: Record<string, unknown> = {}) => ({
  api_name,
  type: "formula",
  config: { expression, stored: true, rollup_as: "system" },
  ...extra,
});

async function create(object: string, body: Record<string, unknown>) {
  const response = await app.admin.post(`/api/records/${object}`, body);
  expect(response.status, response.text).toBe(201);
  return response.body;
}

async function patch(path: string, body: Record<string, unknown>) {
  const response = await app.admin.patch(path, body);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

/** The stored column itself, read past the API. */
async function stored(object: string, column: string, id: string) {
  const table = sql.id(app.database.schemas.workspace, object);
  // trim_scale: a stored product keeps the scale PostgreSQL gave it; the API shows it like a computed one.
  const value = sql`CASE WHEN pg_typeof(${sql.id(column)}) = 'numeric'::regtype
    THEN trim_scale(${sql.id(column)}::text::numeric)::text ELSE ${sql.id(column)}::text END`;
  const { rows } = await sql<{ v: unknown }>`SELECT ${value} AS v FROM ${table} WHERE id = ${id}`.execute(
    app.database.db,
  );
  return rows[0]?.v ?? null;
}

const dealValues = async (id: string) => (await app.admin.get(`/api/records/deal/${id}`)).body;
const accountValues = async (id: string) => (await app.admin.get(`/api/records/account/${id}`)).body;

beforeAll(async () => {
  app = await startTestApp();
  await createSalesFixture(app.admin);
  await createObject(app.admin, "payment", "回款", "Payment");
  await addField(app.admin, "payment", { api_name: "amount", type: "currency" });
  await addField(app.admin, "payment", {
    api_name: "status",
    type: "single_select",
    config: { options: ["received", "pending"].map((value) => ({ value, labels: label(value, value) })) },
  });
  await addField(app.admin, "payment", {
    api_name: "deal",
    type: "relation",
    config: {
      relation: {
        target: "deal",
        cardinality: "many_to_one",
        inverse_name: "payments",
        inverse_labels: label("回款", "Payments"),
      },
    },
  });
  ids.a = (await create("account", { name: "A", tier: "a" })).id;
  ids.b = (await create("account", { name: "B", tier: "b" })).id;
  ids.d1 = (await create("deal", { title: "d1", amount: money("1000"), discount: 10, account: ids.a })).id;
  ids.d2 = (await create("deal", { title: "d2", amount: money("500"), discount: 0, account: ids.a })).id;
  ids.p1 = (await create("payment", { deal: ids.d1, amount: money("100"), status: "received" })).id;
  ids.p2 = (await create("payment", { deal: ids.d1, amount: money("40"), status: "pending" })).id;
});

afterAll(() => app?.close());

describe(`stored formula fields on ${testEngine}`, () => {
  it("backfills a formula when it becomes stored, and indexes it when indexed", async () => {
    const net = await addField(
      app.admin,
      "deal",
      formula("net_amount", "amount * (1 - discount / 100)", { indexed: true }),
    );
    expect(net.config).toMatchObject({ stored: true, result_type: "currency" });
    await addField(app.admin, "deal", formula("account_tier", "account.tier"));
    await addField(
      app.admin,
      "deal",
      formula("received", 'SUM(payments.amount, payments.status = "received")', { indexed: true }),
    );
    await addField(app.admin, "account", formula("pipeline", "SUM(deals.net_amount)"));
    await addField(app.admin, "deal", formula("account_pipeline", "account.pipeline"));
    expect(await stored("deal", "net_amount", ids.d1!)).toBe("900");
    expect(await stored("deal", "account_tier", ids.d1!)).toBe("a");
    expect(await stored("deal", "received", ids.d1!)).toBe("100");
    expect(await stored("account", "pipeline", ids.a!)).toBe("1400");
    expect(await dealValues(ids.d2!)).toMatchObject({ account_pipeline: "1400.00", received: "0.00" });
    const { rows } = await sql<{ indexdef: string }>`SELECT indexdef FROM pg_indexes
      WHERE schemaname = ${app.database.schemas.workspace} AND tablename = 'deal'`.execute(app.database.db);
    const defs = rows.map((r) => r.indexdef).join("\n");
    expect(defs).toMatch(/\(net_amount, id\) WHERE \(deleted_at IS NULL\)/);
    expect(defs).toMatch(/\(received, id\) WHERE \(deleted_at IS NULL\)/);
  });

  it("refuses to store what depends on more than stored rows, and an index without storing", async () => {
    const refused = async (body: Record<string, unknown>, field: string, reason: string) => {
      const response = await app.admin.post("/api/meta/objects/deal/fields", {
        labels: label("x", "x"),
        type: "formula",
        ...body,
      });
      expect(response.status, response.text).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field, code: "invalid_value" })]);
      expect(response.body.errors[0].message).toContain(reason);
    };
    await refused(
      { api_name: "days", config: { expression: 'DATEDIF(TODAY(), close_date, "day")', stored: true } },
      "config.stored",
      "TODAY()/NOW()",
    );
    for (const rollup_as of ["reader", undefined])
      await refused(
        { api_name: "mine", config: { expression: "SUM(payments.amount)", stored: true, rollup_as } },
        "config.stored",
        'rollup_as "reader"',
      );
    await refused(
      { api_name: "rivals", config: { expression: "COUNT(competitors)", stored: true, rollup_as: "system" } },
      "config.stored",
      "many-to-many",
    );
    await refused(
      { api_name: "loose", indexed: true, config: { expression: "amount * 2" } },
      "indexed",
      "config.stored",
    );
  });

  it("keeps values current after the record's own edits", async () => {
    const created = await create("deal", { title: "d3", amount: money("200"), discount: 50, account: ids.b });
    ids.d3 = created.id;
    expect(created).toMatchObject({ net_amount: "100.00", account_tier: "b", received: "0.00" });
    const changed = await patch(`/api/records/deal/${ids.d3}`, { discount: 25 });
    expect(changed.net_amount).toBe("150.00");
    expect(await stored("deal", "net_amount", ids.d3!)).toBe("150");
    expect((await accountValues(ids.b!)).pipeline).toBe("150.00");
    // Moving the deal to another account: its lookup and both accounts' rollups follow.
    const moved = await patch(`/api/records/deal/${ids.d3}`, { account: ids.a });
    expect(moved).toMatchObject({ account_tier: "a", account_pipeline: "1550.00" });
    expect((await accountValues(ids.b!)).pipeline).toBe("0.00");
    expect((await dealValues(ids.d1!)).account_pipeline).toBe("1550.00");
  });

  it("follows changes to the records it looks up", async () => {
    await patch(`/api/records/account/${ids.a}`, { tier: "c" });
    for (const id of [ids.d1, ids.d2, ids.d3]) expect(await stored("deal", "account_tier", id!)).toBe("c");
    // A deleted account reads as missing; restoring it brings the value back.
    expect((await app.admin.delete(`/api/records/account/${ids.a}`)).status).toBe(204);
    expect((await dealValues(ids.d1!)).account_tier).toBeNull();
    expect((await app.admin.post(`/api/records/account/${ids.a}/restore`, {})).status).toBe(200);
    expect((await dealValues(ids.d1!)).account_tier).toBe("c");
    await patch(`/api/records/account/${ids.a}`, { tier: "a" });
  });

  it("follows every kind of write to the records a rollup counts", async () => {
    const received = async () => (await dealValues(ids.d1!)).received;
    ids.p3 = (await create("payment", { deal: ids.d1, amount: money("7"), status: "received" })).id;
    expect(await received()).toBe("107.00");
    await patch(`/api/records/payment/${ids.p2}`, { status: "received" });
    expect(await received()).toBe("147.00");
    expect((await app.admin.delete(`/api/records/payment/${ids.p2}`)).status).toBe(204);
    expect(await received()).toBe("107.00");
    expect((await app.admin.post(`/api/records/payment/${ids.p2}/restore`, {})).status).toBe(200);
    expect(await received()).toBe("147.00");
    // Re-parenting moves the amount from one deal to the other.
    await patch(`/api/records/payment/${ids.p3}`, { deal: ids.d2 });
    expect(await received()).toBe("140.00");
    expect((await dealValues(ids.d2!)).received).toBe("7.00");
    // Bulk create and bulk update touch several parents in one write.
    const bulk = await app.admin.post("/api/records/payment/bulk", {
      records: [
        { deal: ids.d1, amount: money("1"), status: "received" },
        { deal: ids.d2, amount: money("2"), status: "received" },
        { deal: ids.d3, amount: money("3"), status: "received" },
      ],
    });
    expect(bulk.status, bulk.text).toBe(201);
    expect([
      await received(),
      (await dealValues(ids.d2!)).received,
      (await dealValues(ids.d3!)).received,
    ]).toEqual(["141.00", "9.00", "3.00"]);
    const moveAll = await app.admin.patch("/api/records/payment/bulk", {
      records: bulk.body.records.map((r: { id: string }) => ({ id: r.id, deal: ids.d3 })),
    });
    expect(moveAll.status, moveAll.text).toBe(200);
    expect([
      await received(),
      (await dealValues(ids.d2!)).received,
      (await dealValues(ids.d3!)).received,
    ]).toEqual(["140.00", "7.00", "6.00"]);
    // A permanent delete clears the foreign key; the parent is recomputed all the same.
    expect((await app.admin.delete(`/api/records/payment/${ids.p3}?permanent=true`)).status).toBe(204);
    expect((await dealValues(ids.d2!)).received).toBe("0.00");
  });

  it("filters, sorts and pages on the stored column", async () => {
    // Proof that reads use the column: a value written past the API is what the API shows.
    const table = sql.id(app.database.schemas.workspace, "deal");
    await sql`UPDATE ${table} SET net_amount = 5 WHERE id = ${ids.d2}`.execute(app.database.db);
    app.queries.length = 0;
    const filter = encodeURIComponent(JSON.stringify({ net_amount: { gte: 1 } }));
    const first = await app.admin.get(
      `/api/records/deal?filter=${filter}&sort=-net_amount&limit=2&fields=title,net_amount`,
    );
    expect(first.status, first.text).toBe(200);
    expect(first.body.records.map((r: { title: string }) => r.title)).toEqual(["d1", "d3"]);
    const second = await app.admin.get(
      `/api/records/deal?filter=${filter}&sort=-net_amount&limit=2&fields=title,net_amount&cursor=${encodeURIComponent(first.body.next_cursor)}`,
    );
    expect(second.body.records).toEqual([expect.objectContaining({ title: "d2", net_amount: "5.00" })]);
    const list = app.queries.find((q) => q.includes('ORDER BY ("t"."net_amount") DESC'));
    expect(list).toBeDefined();
    expect(list).not.toContain("div(");
    await sql`UPDATE ${table} SET net_amount = 500 WHERE id = ${ids.d2}`.execute(app.database.db);
  });

  it("recomputes when the expression changes and drops the column when no longer stored", async () => {
    await patch("/api/meta/objects/deal/fields/net_amount", {
      config: { expression: "amount * 2", stored: true },
    });
    expect(await stored("deal", "net_amount", ids.d1!)).toBe("2000");
    expect((await accountValues(ids.a!)).pipeline).toBe("3400.00");
    await patch("/api/meta/objects/deal/fields/received", {
      indexed: false,
      config: { expression: "COUNT(payments)" },
    });
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.columns
      WHERE table_schema = ${app.database.schemas.workspace} AND table_name = 'deal' AND column_name = 'received'`.execute(
      app.database.db,
    );
    expect(rows[0]!.n).toBe(0);
    expect((await dealValues(ids.d1!)).received).toBe(2);
  });
});
