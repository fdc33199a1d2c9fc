import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../../test/fixtures.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

// Number fields with no decimals are bigint columns (ADR 0037); with decimals, numeric.
let app: TestApp;
const MAX = Number.MAX_SAFE_INTEGER;

beforeAll(async () => {
  app = await startTestApp();
  await createObject(app.admin, "stock", "库存", "Stock");
  await addField(app.admin, "stock", { api_name: "name", type: "text" });
  await addField(app.admin, "stock", { api_name: "units", type: "number" });
  await addField(app.admin, "stock", { api_name: "boxes", type: "number" });
  await addField(app.admin, "stock", { api_name: "price", type: "number", config: { scale: 2 } });
  await addField(app.admin, "stock", { api_name: "share", type: "percent", config: { scale: 0 } });
  await addField(app.admin, "stock", {
    api_name: "per_box",
    type: "formula",
    config: { expression: "units / boxes", result_type: "number" },
  });
  await addField(app.admin, "stock", {
    api_name: "stored_per_box",
    type: "formula",
    config: { expression: "units / boxes", result_type: "number", stored: true },
  });
});
afterAll(() => app?.close());

async function dataType(column: string) {
  const { rows } = await sql<{ data_type: string }>`
    SELECT data_type FROM information_schema.columns
    WHERE table_schema = ${app.database.schemas.workspace} AND table_name = 'stock' AND column_name = ${column}`.execute(
    app.database.db,
  );
  return rows[0]?.data_type;
}

async function create(values: Record<string, unknown>) {
  const response = await app.admin.post("/api/records/stock", values);
  expect(response.status, response.text).toBe(201);
  return response.body as Record<string, unknown> & { id: string };
}

async function list(filter: unknown, sort = "units") {
  const query = `filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${sort}`;
  const response = await app.admin.get(`/api/records/stock?${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body.records as Array<Record<string, unknown>>;
}

describe(`whole numbers on ${testEngine}`, () => {
  it("stores a number or percent with no decimals as bigint and one with decimals as numeric", async () => {
    expect(await dataType("units")).toBe("bigint");
    expect(await dataType("share")).toBe("bigint");
    expect(await dataType("price")).toBe("numeric");
    expect(await dataType("stored_per_box")).toBe("numeric");
  });

  it("round-trips whole numbers as JSON numbers up to ±(2^53 − 1) and refuses beyond", async () => {
    const big = await create({ name: "big", units: MAX, boxes: 1 });
    const low = await create({ name: "low", units: -MAX, boxes: -1 });
    const text = await create({ name: "text", units: "-42", boxes: "4" });
    expect([big.units, low.units, text.units]).toEqual([MAX, -MAX, -42]);
    const read = await app.admin.get(`/api/records/stock/${big.id}`);
    expect(read.body.units).toBe(MAX);
    expect(typeof read.body.units).toBe("number");
    expect(read.text).toContain(`"units":${MAX}`);
    const beyond = await app.admin.post("/api/records/stock", { units: "9007199254740992" });
    expect(beyond.status).toBe(400);
    const fraction = await app.admin.post("/api/records/stock", { units: 2.5 });
    expect(fraction.status).toBe(400);
    expect((await list({ units: { eq: MAX } })).map((r) => r.name)).toEqual(["big"]);
  });

  it("filters a bigint column with whole and fractional operands, pages it with a cursor", async () => {
    await create({ name: "seven", units: 7, boxes: 2, price: 1.25, share: 30 });
    await create({ name: "eight", units: 8, boxes: 3 });
    expect(
      (await list({ and: [{ units: { gt: 7.5 } }, { units: { lt: 1000 } }] })).map((r) => r.name),
    ).toEqual(["eight"]);
    expect((await list({ units: { between: [6.5, 7.5] } })).map((r) => r.name)).toEqual(["seven"]);
    expect((await list({ units: { in: [7, 8.5] } })).map((r) => r.name)).toEqual(["seven"]);
    expect((await list({ units: { lt: "100000000000000000000" } })).length).toBeGreaterThanOrEqual(5);
    const names: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { records: Array<{ name: unknown }>; next_cursor: string | null } } =
        await app.admin.get(`/api/records/stock?sort=-units&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      names.push(...page.body.records.map((r) => r.name));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(names).toEqual(["big", "eight", "seven", "text", "low"]);
  });

  it("divides two whole-number fields with decimals, in a formula read and a stored one", async () => {
    const [seven] = await list({ name: { eq: "seven" } });
    expect(seven?.per_box).toBe(3.5);
    expect(seven?.stored_per_box).toBe(3.5);
    const [eight] = await list({ name: { eq: "eight" } });
    expect(eight?.per_box).toBeCloseTo(8 / 3, 9);
    expect((await list({ per_box: { eq: 3.5 } })).map((r) => r.name)).toEqual(["seven"]);
  });

  it("sums, averages and takes extremes of a bigint column as JSON numbers", async () => {
    const response = await app.admin.post("/api/records/stock/aggregate", {
      filter: { units: { gte: 0, lt: 1000 } },
      aggregates: [
        { fn: "sum", field: "units" },
        { fn: "avg", field: "units" },
        { fn: "max", field: "units" },
        { fn: "sum", field: "share" },
      ],
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body.groups[0].values).toEqual({
      sum_units: 15,
      avg_units: 7.5,
      max_units: 8,
      sum_share: 30,
    });
  });

  it("converts 0 → 2 decimals and back, refusing values with decimals or beyond 10^15", async () => {
    const tooBig = await app.admin.patch("/api/meta/objects/stock/fields/units", { config: { scale: 2 } });
    expect(tooBig.status).toBe(409);
    expect(tooBig.body).toMatchObject({ code: "FIELD_CHANGE_REFUSED", reason: "unconvertible" });
    expect(tooBig.body.offending_records.map((r: { value: unknown }) => r.value).sort()).toEqual([-MAX, MAX]);
    await app.admin.patch(`/api/records/stock/${(await list({ name: { eq: "big" } }))[0]?.id}`, { units: 9 });
    await app.admin.patch(`/api/records/stock/${(await list({ name: { eq: "low" } }))[0]?.id}`, {
      units: -9,
    });
    const widened = await app.admin.patch("/api/meta/objects/stock/fields/units", { config: { scale: 2 } });
    expect(widened.status, widened.text).toBe(200);
    expect(await dataType("units")).toBe("numeric");
    const seven = (await list({ name: { eq: "seven" } }))[0];
    expect((await app.admin.patch(`/api/records/stock/${seven?.id}`, { units: 7.25 })).status).toBe(200);

    const narrowed = await app.admin.patch("/api/meta/objects/stock/fields/units", { config: { scale: 0 } });
    expect(narrowed.status).toBe(409);
    expect(narrowed.body).toMatchObject({ reason: "unconvertible", offending_count: 1 });
    expect(narrowed.body.offending_records[0].value).toBe("7.25");
    expect(narrowed.body.detail).toBeTruthy();
    expect(await dataType("units")).toBe("numeric");

    await app.admin.patch(`/api/records/stock/${seven?.id}`, { units: 7 });
    const back = await app.admin.patch("/api/meta/objects/stock/fields/units", { config: { scale: 0 } });
    expect(back.status, back.text).toBe(200);
    expect(await dataType("units")).toBe("bigint");
    expect((await list({ name: { eq: "seven" } }))[0]).toMatchObject({ units: 7, per_box: 3.5 });
  });

  it("converts text and money to a whole number, 5.00 counting as whole and 5.50 refused", async () => {
    await addField(app.admin, "stock", { api_name: "label_count", type: "text" });
    await addField(app.admin, "stock", { api_name: "cost", type: "currency" });
    const made = await create({ name: "convert", label_count: " 5.00 ", cost: { amount: "12.50" } });
    const refused = await app.admin.patch("/api/meta/objects/stock/fields/cost", { type: "number" });
    expect(refused.status).toBe(409);
    expect(refused.body.offending_records.map((r: { value: unknown }) => r.value)).toEqual(["12.50"]);
    await app.admin.patch(`/api/records/stock/${made.id}`, { cost: { amount: "12.00" } });
    for (const field of ["label_count", "cost"]) {
      const changed = await app.admin.patch(`/api/meta/objects/stock/fields/${field}`, { type: "number" });
      expect(changed.status, changed.text).toBe(200);
      expect(await dataType(field)).toBe("bigint");
    }
    const read = await app.admin.get(`/api/records/stock/${made.id}`);
    expect(read.body).toMatchObject({ label_count: 5, cost: 12 });
  });

  it("keeps working on an older installation's numeric whole-number column", async () => {
    const table = sql.id(app.database.schemas.workspace, "stock");
    await sql`ALTER TABLE ${table} ALTER COLUMN boxes TYPE numeric`.execute(app.database.db);
    expect(await dataType("boxes")).toBe("numeric");
    const made = await create({ name: "old", units: 10, boxes: 8 });
    expect(made.boxes).toBe(8);
    expect(made.per_box).toBe(1.25);
    expect(
      (await list({ and: [{ boxes: { gt: 7.5 } }, { boxes: { lt: 8.5 } }] })).map((r) => r.name),
    ).toEqual(["old"]);
    const widened = await app.admin.patch("/api/meta/objects/stock/fields/boxes", { config: { scale: 1 } });
    expect(widened.status, widened.text).toBe(200);
    const narrowed = await app.admin.patch("/api/meta/objects/stock/fields/boxes", { config: { scale: 0 } });
    expect(narrowed.status, narrowed.text).toBe(200);
    expect(await dataType("boxes")).toBe("bigint");
    expect((await list({ name: { eq: "old" } }))[0]).toMatchObject({ boxes: 8, per_box: 1.25 });
  });
});
