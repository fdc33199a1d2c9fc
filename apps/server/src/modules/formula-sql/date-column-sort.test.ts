import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { startTestApp, TEST_ADMIN, type TestApp, testEngine } from "../../test/test-app.ts";

/**
 * Lists sorted and filtered by TODAY() formulas of one date column through the records API: the sort runs on
 * the column (reversed for "days since"), keyset cursors page through every row exactly once in the
 * formula's order — NULL dates and ties on one date included — and filters select what the formula says.
 */

let app: TestApp;
let client: HttpClient;
type Row = { id: string } & Record<string, unknown>;

const FORMULAS = {
  days_left: 'DATEDIF(TODAY(), ends_on, "day")',
  days_since: "TODAY() - ends_on",
  weeks_left: 'DATEDIF(TODAY(), ends_on, "week")',
  due_soon: "AND(ends_on >= TODAY(), ends_on <= TODAY() + 30)",
};

beforeAll(async () => {
  app = await startTestApp({ now: new Date("2024-02-28T20:00:00Z") }); // 2024-02-29 in Shanghai
  await createObject(app.admin, "renewal", "续约", "Renewal");
  await addField(app.admin, "renewal", { api_name: "ends_on", type: "date", indexed: true });
  for (const [api_name, expression] of Object.entries(FORMULAS))
    await addField(app.admin, "renewal", { api_name, type: "formula", config: { expression } });
  const dates: Array<string | null> = [null, null, null, null, "9999-12-31", "0001-01-01"];
  // Ties: several records on one date; month ends and leap days around today.
  for (const date of ["2024-02-29", "2024-03-31", "2024-02-28", "2025-02-28", "2024-03-30", "2023-12-31"])
    for (let i = 0; i < 4; i++) dates.push(date);
  for (let i = 0; i < 40; i++)
    dates.push(new Date(Date.UTC(2024, 0, 1) + i * 5 * 86_400_000).toISOString().slice(0, 10));
  const response = await app.admin.post("/api/records/renewal/bulk", {
    records: dates.map((ends_on) => ({ ends_on })),
  });
  expect(response.status, response.text).toBe(201);
  client = app.admin;
}, 60_000);

afterAll(async () => {
  await app?.close();
});

async function everyPage(query: string): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const response: { status: number; text: string; body: { records: Row[]; next_cursor: string | null } } =
      await client.get(
        `/api/records/renewal?limit=7&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
    expect(response.status, response.text).toBe(200);
    rows.push(...response.body.records);
    cursor = response.body.next_cursor;
    if (!cursor) return rows;
  }
  throw new Error("too many pages");
}

/** The formula's order: BLANK last ascending and first descending, ties by id in the same direction. */
function expected(rows: Row[], field: string, direction: "asc" | "desc"): string[] {
  const sign = direction === "asc" ? 1 : -1;
  const value = (r: Row) => r[field] as number | null;
  return [...rows]
    .sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null || y === null) {
        if (x !== y) return (x === null ? 1 : -1) * sign;
      } else if (x !== y) return (x - y) * sign;
      return (a.id < b.id ? -1 : 1) * sign;
    })
    .map((r) => r.id);
}

const FILTERS: Array<[string, (r: Row) => boolean]> = [
  ["", () => true],
  [
    JSON.stringify({ days_left: { between: [-30, 90] } }),
    (r) => r.days_left !== null && Math.abs((r.days_left as number) - 30) <= 60,
  ],
  [JSON.stringify({ due_soon: { eq: true } }), (r) => r.due_soon === true],
  [JSON.stringify({ days_since: { is_empty: true } }), (r) => r.days_since === null],
  [JSON.stringify({ days_since: { gte: 0 } }), (r) => r.days_since !== null && (r.days_since as number) >= 0],
];

describe(`sorts on a TODAY() formula of a date column on ${testEngine}`, () => {
  it("page in the formula's order with cursors, on the column", async () => {
    const all = (await client.get("/api/records/renewal?limit=1000")).body.records as Row[];
    expect(all).toHaveLength(70);
    for (const [sort, column] of [
      ["days_left", '"t"."ends_on" ASC'],
      ["-days_left", '"t"."ends_on" DESC'],
      ["days_since", '"t"."ends_on" DESC NULLS LAST'],
      ["-days_since", '"t"."ends_on" ASC NULLS FIRST'],
      ["weeks_left", null],
    ] as const) {
      for (const [filter, keep] of FILTERS) {
        app.queries.length = 0;
        const query = `sort=${sort}${filter ? `&filter=${encodeURIComponent(filter)}` : ""}`;
        const rows = await everyPage(query);
        const field = sort.replace("-", "");
        const direction = sort.startsWith("-") ? "desc" : "asc";
        expect(
          rows.map((r) => r.id),
          query,
        ).toEqual(expected(all.filter(keep), field, direction));
        const list = app.queries.find((q) => q.includes('"renewal" AS "t"') && q.includes("ORDER BY"))!;
        if (column) expect(list, query).toContain(`ORDER BY ${column}`);
        else expect(list, query).not.toContain('ORDER BY "t"."ends_on"');
      }
    }
  });

  it("follow the clock: a new day moves the range, not the order", async () => {
    app.clock.set(new Date("2024-03-31T12:00:00Z"));
    client = await app.login(TEST_ADMIN.email, TEST_ADMIN.password); // the old session expired meanwhile
    const all = (await client.get("/api/records/renewal?limit=1000")).body.records as Row[];
    const rows = await everyPage(
      `sort=-days_since&filter=${encodeURIComponent(JSON.stringify({ due_soon: { eq: true } }))}`,
    );
    const soon = all.filter(
      (r) => typeof r.ends_on === "string" && r.ends_on >= "2024-03-31" && r.ends_on <= "2024-04-30",
    );
    expect(soon.length).toBeGreaterThan(4);
    expect(rows.map((r) => r.id)).toEqual(expected(soon, "days_since", "desc"));
  });

  it("refuse a cursor of another sort on the same column", async () => {
    const first = await client.get("/api/records/renewal?limit=3&sort=ends_on");
    const cursor = encodeURIComponent(first.body.next_cursor);
    const response = await client.get(`/api/records/renewal?limit=3&sort=days_left&cursor=${cursor}`);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe("INVALID_CURSOR");
  });
});
