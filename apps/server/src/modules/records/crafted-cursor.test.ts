import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createCrmFixture } from "../../test/fixtures.ts";
import { expectCleanProblem } from "../../test/problems.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

/**
 * A cursor is opaque, but a client can decode, change and re-encode it. Whatever it holds, a list answers 200
 * or 400 INVALID_CURSOR — never a 500 from PostgreSQL refusing a value of the wrong type.
 */

let app: TestApp;

const FORMULAS = {
  f_text: 'name & "!"',
  f_number: "employees * 2",
  f_money: "revenue * 2",
  f_date: "founded + 1",
  f_datetime: "last_contact",
  f_boolean: "active",
  f_days: 'DATEDIF(TODAY(), founded, "day")',
};

beforeAll(async () => {
  app = await startTestApp();
  await createCrmFixture(app.admin);
  for (const [api_name, expression] of Object.entries(FORMULAS))
    await addField(app.admin, "customer", { api_name, type: "formula", config: { expression } });
  const records = [1, 2, 3].map((n) => ({
    name: `客户 ${n}`,
    employees: n * 10,
    revenue: `${n}000.50`,
    discount: n,
    founded: `202${n}-01-0${n}`,
    last_contact: `2026-03-0${n}T08:00:00+08:00`,
    active: n % 2 === 0,
    tier: ["a", "b", "c"][n - 1],
    email: `c${n}@keduo.test`,
    phone: `+86 138 0000 000${n}`,
    website: `https://c${n}.example.com`,
  }));
  const created = await app.admin.post("/api/records/customer/bulk", { records });
  expect(created.status, created.text).toBe(201);
}, 120_000);
afterAll(() => app?.close());

const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const list = (sort: string, cursor: string) =>
  app.admin.get(`/api/records/customer?limit=1&sort=${sort}&cursor=${encodeURIComponent(cursor)}`);

/** The cursor of the first page of `sort`, as the server wrote it: [signature, values, id]. */
async function realCursor(sort: string): Promise<[string, unknown[], string]> {
  const response = await app.admin.get(`/api/records/customer?limit=1&sort=${sort}`);
  expect(response.status, response.text).toBe(200);
  expect(response.body.next_cursor, sort).toBeTruthy();
  return decode(response.body.next_cursor);
}

const SORTS = [
  "name",
  "-employees",
  "revenue",
  "discount",
  "founded",
  "-last_contact",
  "active",
  "tier",
  "email",
  "phone",
  "website",
  "code",
  "created_at",
  "owner_id",
  ...Object.keys(FORMULAS),
  "-f_days",
  "tier,-revenue",
];

describe(`crafted cursors on ${testEngine}`, () => {
  it("pages every sortable type with the cursors the server writes", async () => {
    for (const sort of SORTS) {
      const [signature, values, id] = await realCursor(sort);
      const next = await list(sort, encode([signature, values, id]));
      expect(next.status, `${sort}: ${next.text}`).toBe(200);
      expect(next.body.records, sort).toHaveLength(1);
    }
  });

  it("refuses a sort value of the wrong type for its key as INVALID_CURSOR", async () => {
    const cases: Array<[string, unknown]> = [
      ["revenue", "abc"],
      ["revenue", ["abc"]],
      ["revenue", { a: 1 }],
      ["revenue", true],
      ["revenue", "NaN"],
      ["revenue", "Infinity"],
      ["revenue", "1e400"],
      ["-employees", "12abc"],
      ["discount", ""],
      ["founded", "not a date"],
      ["founded", "2026-02-30"],
      ["founded", 5],
      ["-last_contact", "nope"],
      ["-last_contact", "2026-13-01T00:00:00Z"],
      ["created_at", 1_700_000_000],
      ["active", "maybe"],
      ["active", 1],
      ["name", 5],
      ["name", "a\u0000b"],
      ["name", "\ud800"],
      ["name", [["nested"]]],
      ["tier", { value: "a" }],
      ["owner_id", "not-a-uuid"],
      ["owner_id", "------------------------------------"],
      ["f_text", 7],
      ["f_number", "x"],
      ["f_money", "1;DROP TABLE x"],
      ["f_date", "yesterday"],
      ["f_datetime", "2026"],
      ["f_boolean", "yes"],
      ["f_days", "soon"],
      ["-f_days", 12],
    ];
    for (const [sort, value] of cases) {
      const [signature, values, id] = await realCursor(sort);
      const crafted = encode([signature, [value, ...values.slice(1)], id]);
      const response = await list(sort, crafted);
      expectCleanProblem(response, 400, "INVALID_CURSOR");
      // The problem names the path only: the crafted query string is not echoed back.
      expect(response.body.instance).toBe("/api/records/customer");
    }
  });

  it("refuses an id that is not a UUID, and cursors of the wrong shape", async () => {
    const [signature, values] = await realCursor("revenue");
    const crafted = [
      encode([signature, values, "------------------------------------"]),
      encode([signature, values, "0190a000-0000-7000-8000-00000000000g"]),
      encode([signature, values, 42]),
      encode([signature, values]),
      encode([signature, values, "0190a000-0000-7000-8000-000000000000", "extra"]),
      encode([signature, [...values, 1], "0190a000-0000-7000-8000-000000000000"]),
      encode({ signature, values }),
      encode("revenue"),
      encode(null),
      // JSON.parse reads 1e400 as Infinity: not a finite number.
      Buffer.from(`[${JSON.stringify(signature)},[1e400],"0190a000-0000-7000-8000-000000000000"]`).toString(
        "base64url",
      ),
      "not base64 at all!",
      Buffer.from("\u0000\u0001").toString("base64url"),
    ];
    for (const cursor of crafted) expectCleanProblem(await list("revenue", cursor), 400, "INVALID_CURSOR");
    const [, , id] = await realCursor("");
    expectCleanProblem(await list("", encode(["", [], "-".repeat(36)])), 400, "INVALID_CURSOR");
    expect((await list("", encode(["", [], id]))).status).toBe(200);
  });

  it("accepts NULL sort values and finite numbers of any size", async () => {
    const [signature, , id] = await realCursor("revenue");
    for (const value of [null, 0, -1, 1e300, "123456789012345678901234567890.25"]) {
      const response = await list("revenue", encode([signature, [value], id]));
      expect(response.status, `${value}: ${response.text}`).toBe(200);
    }
  });

  it("refuses crafted cursors in the POST query form too", async () => {
    const [signature, , id] = await realCursor("founded");
    const response = await app.admin.post("/api/records/customer/query", {
      sort: "founded",
      cursor: encode([signature, ["31/12/2026"], id]),
    });
    expectCleanProblem(response, 400, "INVALID_CURSOR");
  });
});
