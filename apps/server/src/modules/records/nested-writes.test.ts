import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";

let app: TestApp;
let rep: HttpClient;

const count = async (table: string) =>
  Number(
    (
      await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM ${sql.id(app.database.schemas.workspace, table)}`.execute(app.database.db)
    ).rows[0]?.n,
  );

/** A quote's stored rows, in code-point order of product (the same on both engines, whatever the collation). */
const rowsOf = async (quoteId: string) => {
  const filter = encodeURIComponent(JSON.stringify({ quote: { eq: quoteId } }));
  const records = (await app.admin.get(`/api/records/line_item?filter=${filter}`)).body.records as Array<
    Record<string, unknown>
  >;
  return records.sort((a, b) => (String(a.product) < String(b.product) ? -1 : 1));
};

const threeRows = () => [
  { product: "螺栓 M8", quantity: 100, unit_price: 0.5 },
  { product: "垫片", quantity: 200, unit_price: 0.1 },
  { product: "Nut M8", quantity: 100, unit_price: 0.3 },
];

beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "quote", "报价单", "Quote");
  await addField(app.admin, "quote", { api_name: "title", type: "text", required: true });
  await createObject(app.admin, "line_item", "报价明细", "Line item");
  await addField(app.admin, "line_item", { api_name: "product", type: "text", required: true });
  await addField(app.admin, "line_item", { api_name: "quantity", type: "number", required: true });
  await addField(app.admin, "line_item", { api_name: "unit_price", type: "number", config: { scale: 2 } });
  await addField(app.admin, "line_item", {
    api_name: "quote",
    type: "relation",
    config: {
      relation: {
        target: "quote",
        cardinality: "many_to_one",
        inverse_name: "line_items",
        inverse_labels: label("报价明细", "Line items"),
      },
    },
  });
  await addField(app.admin, "line_item", {
    api_name: "amount",
    type: "formula",
    config: { expression: "quantity * unit_price" },
  });
  await addField(app.admin, "quote", {
    api_name: "total",
    type: "formula",
    config: { expression: "SUM(line_items.amount)" },
  });
  // Reps may create quotes but only read line items.
  const role = await app.admin.post("/api/meta/roles", {
    api_name: "quoter",
    labels: label("报价员", "Quoter"),
    permissions: {
      default_objects: { read: true, create: true, edit: true, delete: true },
      objects: { line_item: { read: true } },
    },
  });
  expect(role.status, role.text).toBe(201);
  const user = await app.admin.post("/api/users", {
    email: "quoter@keduo.test",
    name: "Quoter",
    password: "password-123",
    roles: ["quoter"],
  });
  expect(user.status, user.text).toBe(201);
  rep = await app.login("quoter@keduo.test", "password-123");
});
afterAll(() => app?.close());

describe("create a parent with its children", () => {
  it("stores the parent and three rows in one call, the total computed over them", async () => {
    const response = await app.admin.post("/api/records/quote/nested", {
      record: { title: "Q-1" },
      children: { line_items: { rows: threeRows() } },
    });
    expect(response.status, response.text).toBe(201);
    const { record, children } = response.body;
    expect(response.headers.get("etag")).toBe(`"${record.version}"`);
    expect(record).toMatchObject({ title: "Q-1", version: 1, total: 100 });
    expect(children.line_items.map((r: { product: string }) => r.product)).toEqual([
      "螺栓 M8",
      "垫片",
      "Nut M8",
    ]);
    expect(children.line_items.every((r: { quote: string }) => r.quote === record.id)).toBe(true);
    const stored = await rowsOf(record.id);
    expect(stored).toHaveLength(3);
    expect(stored.map((r) => r.amount).sort()).toEqual([20, 30, 50]);
  });

  it("stores nothing — parent included — when one row is bad, and points at the row", async () => {
    const [quotes, items] = [await count("quote"), await count("line_item")];
    const rows: Array<Record<string, unknown>> = threeRows();
    rows[2] = { product: "Nut M8", quantity: "many", unit_price: 0.3 };
    rows[1] = { quantity: 5 };
    const response = await app.admin.post("/api/records/quote/nested", {
      record: { title: "Q-bad" },
      children: { line_items: { rows } },
    });
    expect(response.status, response.text).toBe(400);
    expect(response.body.code).toBe("VALIDATION_FAILED");
    expect(response.body.errors).toEqual([
      { field: "line_items.1.product", code: "required", message: "This field is required" },
      expect.objectContaining({ field: "line_items.2.quantity", code: "invalid_type" }),
    ]);
    expect([await count("quote"), await count("line_item")]).toEqual([quotes, items]);
  });

  it("answers in the request's language", async () => {
    app.admin.locale = "zh-CN";
    try {
      const response = await app.admin.post("/api/records/quote/nested", {
        record: { title: "Q-zh" },
        children: { line_items: { rows: [{ quantity: 1 }] } },
      });
      expect(response.body.errors).toEqual([
        { field: "line_items.0.product", code: "required", message: "此项为必填项" },
      ]);
    } finally {
      app.admin.locale = "en";
    }
  });

  it("reports the parent's own field problems as usual", async () => {
    const response = await app.admin.post("/api/records/quote/nested", {
      record: {},
      children: { line_items: { rows: threeRows() } },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: "title", code: "required" })]);
  });

  it("refuses names that are not one-to-many lists of the parent, and ids on new rows", async () => {
    const response = await app.admin.post("/api/records/quote/nested", {
      record: { title: "Q-x" },
      children: { lines: { rows: [] } },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ field: "lines", code: "unknown_field" }),
    ]);
    const withId = await app.admin.post("/api/records/quote/nested", {
      record: { title: "Q-x" },
      children: { line_items: { rows: [{ id: "0190a000-0000-7000-8000-0000000000ff", product: "x" }] } },
    });
    expect(withId.status).toBe(400);
    expect(withId.body.errors[0]).toMatchObject({ field: "line_items.0.id", code: "system_field" });
  });

  it("refuses a user who may not create the child object, storing nothing", async () => {
    const [quotes, items] = [await count("quote"), await count("line_item")];
    const response = await rep.post("/api/records/quote/nested", {
      record: { title: "Q-rep" },
      children: { line_items: { rows: threeRows() } },
    });
    expect(response.status, response.text).toBe(403);
    expect([await count("quote"), await count("line_item")]).toEqual([quotes, items]);
    // Without children the same user creates the quote.
    const alone = await rep.post("/api/records/quote/nested", { record: { title: "Q-rep" } });
    expect(alone.status, alone.text).toBe(201);
  });

  it("writes an event and an audit row for the parent and every child", async () => {
    const response = await app.admin.post("/api/records/quote/nested", {
      record: { title: "Q-events" },
      children: { line_items: { rows: threeRows() } },
    });
    expect(response.status).toBe(201);
    const ids = [
      response.body.record.id,
      ...response.body.children.line_items.map((r: { id: string }) => r.id),
    ];
    const events = await app.database.db
      .selectFrom("outbox")
      .select(["record_id", "event_type", "object"])
      .where("record_id", "in", ids)
      .execute();
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.event_type === "record.created")).toBe(true);
    expect(events.filter((e) => e.object === "line_item")).toHaveLength(3);
    const audit = await app.database.db
      .selectFrom("audit_log")
      .select(["record_id", "action"])
      .where("record_id", "in", ids)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(Array(4).fill("record.create"));
  });
});

/** A child row as the nested-write answer returns it. */
type Row = { id: string; version: number } & Record<string, unknown>;

describe("update a parent with its children", () => {
  const createQuote = async () => {
    const response = await app.admin.post("/api/records/quote/nested", {
      record: { title: "Q-edit" },
      children: { line_items: { rows: threeRows() } },
    });
    expect(response.status, response.text).toBe(201);
    return response.body as {
      record: { id: string; version: number };
      children: { line_items: [Row, Row, Row] };
    };
  };

  it("adds, changes and removes rows in one call, and moves the parent's version", async () => {
    const { record, children } = await createQuote();
    const [bolt, washer, nut] = children.line_items;
    const response = await app.admin.patch(
      `/api/records/quote/${record.id}/nested`,
      {
        record: { title: "Q-edit v2" },
        children: {
          line_items: {
            rows: [
              { id: bolt.id, version: bolt.version, quantity: 10 },
              { product: "Anchor", quantity: 4, unit_price: 2.5 },
              { id: nut.id, version: nut.version },
            ],
            remove: [{ id: washer.id, version: washer.version }],
          },
        },
      },
      { "if-match": `"${record.version}"` },
    );
    expect(response.status, response.text).toBe(200);
    expect(response.body.record).toMatchObject({ title: "Q-edit v2", version: 2, total: 45 });
    expect(response.body.children.line_items.map((r: { product: string }) => r.product)).toEqual([
      "螺栓 M8",
      "Anchor",
      "Nut M8",
    ]);
    const stored = await rowsOf(record.id);
    // The nut row came back as it was: it is not written (its version stays).
    expect(stored.map((r) => [r.product, r.quantity, r.version])).toEqual([
      ["Anchor", 4, 1],
      ["Nut M8", 100, 1],
      ["螺栓 M8", 10, 2],
    ]);
    const washerEvents = await app.database.db
      .selectFrom("outbox")
      .select("event_type")
      .where("record_id", "=", washer.id)
      .orderBy("id")
      .execute();
    expect(washerEvents.map((e) => e.event_type)).toEqual(["record.created", "record.deleted"]);
  });

  it("changes only rows when the parent has no changes, still moving its version", async () => {
    const { record, children } = await createQuote();
    const response = await app.admin.patch(`/api/records/quote/${record.id}/nested`, {
      children: { line_items: { remove: [{ id: children.line_items[0].id }] } },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.record).toMatchObject({ version: 2, total: 50 });
  });

  it("answers 412 for a stale child version, names the row, and changes nothing", async () => {
    const { record, children } = await createQuote();
    const [bolt, washer] = children.line_items;
    expect((await app.admin.patch(`/api/records/line_item/${washer.id}`, { quantity: 7 })).status).toBe(200);
    const response = await app.admin.patch(`/api/records/quote/${record.id}/nested`, {
      record: { title: "lost" },
      children: {
        line_items: {
          rows: [
            { id: bolt.id, version: bolt.version, quantity: 1 },
            { id: washer.id, version: washer.version, quantity: 2 },
            { product: "new", quantity: 1 },
          ],
        },
      },
    });
    expect(response.status, response.text).toBe(412);
    expect(response.body).toMatchObject({
      code: "RECORD_VERSION_CONFLICT",
      current_version: 2,
      row: "line_items.1",
    });
    const parent = (await app.admin.get(`/api/records/quote/${record.id}`)).body;
    expect(parent).toMatchObject({ title: "Q-edit", version: 1 });
    const stored = await rowsOf(record.id);
    expect(stored.map((r) => [r.product, r.quantity])).toEqual([
      ["Nut M8", 100],
      ["垫片", 7],
      ["螺栓 M8", 100],
    ]);
  });

  it("answers 412 for a stale parent version", async () => {
    const { record } = await createQuote();
    const response = await app.admin.patch(
      `/api/records/quote/${record.id}/nested`,
      { record: { title: "x" } },
      { "if-match": '"9"' },
    );
    expect(response.status).toBe(412);
    expect(response.body.row).toBeUndefined();
  });

  it("collects the parent's and every row's problems at once, storing nothing", async () => {
    const { record, children } = await createQuote();
    const [bolt] = children.line_items;
    const response = await app.admin.patch(`/api/records/quote/${record.id}/nested`, {
      record: { title: null },
      children: {
        line_items: {
          rows: [
            { product: "ok", quantity: 1 },
            { id: bolt.id, quantity: "x" },
            { product: "", quantity: 3 },
          ],
        },
      },
    });
    expect(response.status, response.text).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "title",
      "line_items.1.quantity",
      "line_items.2.product",
    ]);
    expect((await rowsOf(record.id)).map((r) => r.version)).toEqual([1, 1, 1]);
    expect((await app.admin.get(`/api/records/quote/${record.id}`)).body.version).toBe(1);
  });

  it("refuses rows that belong to another parent", async () => {
    const first = await createQuote();
    const second = await createQuote();
    const response = await app.admin.patch(`/api/records/quote/${first.record.id}/nested`, {
      children: {
        line_items: {
          rows: [{ id: second.children.line_items[0].id, quantity: 1 }],
          remove: [{ id: second.children.line_items[1].id }],
        },
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "line_items.0.id",
      "line_items.remove.0.id",
    ]);
    expect(await rowsOf(second.record.id)).toHaveLength(3);
  });

  it("refuses a user who may not create the child object, changing nothing", async () => {
    const own = await rep.post("/api/records/quote/nested", { record: { title: "rep's quote" } });
    expect(own.status, own.text).toBe(201);
    const response = await rep.patch(`/api/records/quote/${own.body.record.id}/nested`, {
      record: { title: "renamed" },
      children: { line_items: { rows: [{ product: "x", quantity: 1 }] } },
    });
    expect(response.status, response.text).toBe(403);
    expect((await rep.get(`/api/records/quote/${own.body.record.id}`)).body).toMatchObject({
      title: "rep's quote",
      version: 1,
    });
    expect(await rowsOf(own.body.record.id)).toEqual([]);
  });
});
