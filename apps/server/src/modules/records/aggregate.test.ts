import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addField, createObject, label } from "../../test/fixtures.ts";
import type { HttpClient } from "../../test/http-client.ts";
import { signedInUser } from "../../test/private-reps.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";

// Fiscal years start in April here, so fiscal buckets differ from calendar ones.
let app: TestApp;
let rep: { id: string; client: HttpClient };
let peer: { id: string; client: HttpClient };
const AGGREGATE = "/api/records/deal/aggregate";

const option = (value: string) => ({ value, labels: label(value, value) });

beforeAll(async () => {
  app = await startTestApp({ env: { KEDUO_FISCAL_YEAR_START_MONTH: "4" } });
  await createObject(app.admin, "deal", "商机", "Deal");
  await addField(app.admin, "deal", { api_name: "title", type: "text", required: true });
  await addField(app.admin, "deal", {
    api_name: "stage",
    type: "single_select",
    config: { options: ["lead", "won", "lost"].map(option) },
  });
  await addField(app.admin, "deal", { api_name: "amount", type: "currency" });
  await addField(app.admin, "deal", { api_name: "qty", type: "number" });
  await addField(app.admin, "deal", { api_name: "close_date", type: "date" });
  await addField(app.admin, "deal", { api_name: "closed_at", type: "datetime" });
  await addField(app.admin, "deal", { api_name: "margin", type: "number" });
  await addField(app.admin, "deal", {
    api_name: "double_qty",
    type: "formula",
    config: { expression: "qty * 2", result_type: "number" },
  });
  await addField(app.admin, "deal", {
    api_name: "stored_double",
    type: "formula",
    config: { expression: "qty * 2", result_type: "number", stored: true },
  });
  const sharing = await app.admin.patch("/api/meta/objects/deal", { sharing_default: "private" });
  expect(sharing.status, sharing.text).toBe(200);
  const member = await app.admin.patch("/api/meta/roles/member", {
    permissions: {
      default_objects: { read: true, create: true, edit: true, delete: true },
      fields: { deal: { margin: "hidden" } },
    },
  });
  expect(member.status, member.text).toBe(200);
  rep = await signedInUser(app, "agg-rep");
  peer = await signedInUser(app, "agg-peer");

  const money = (amount: string, currency = "CNY") => ({ amount, currency });
  const deals = [
    // 2026-03-31 16:30 UTC is 2026-04-01 00:30 in Shanghai: April, and fiscal 2026 (from April).
    {
      title: "a",
      stage: "won",
      amount: money("100.10"),
      qty: 1,
      close_date: "2026-03-31",
      closed_at: "2026-03-31T16:30:00Z",
      margin: 5,
      owner_id: rep.id,
    },
    {
      title: "b",
      stage: "won",
      amount: money("200.20", "USD"),
      qty: 2,
      close_date: "2026-04-01",
      closed_at: "2026-03-31T15:30:00Z",
      margin: 6,
      owner_id: rep.id,
    },
    {
      title: "c",
      stage: "won",
      amount: money("50.00"),
      qty: 3,
      close_date: "2026-01-05",
      closed_at: "2026-01-05T01:00:00Z",
      margin: 7,
      owner_id: peer.id,
    },
    {
      title: "d",
      stage: "lead",
      amount: money("10.00"),
      qty: 4,
      close_date: "2025-12-31",
      closed_at: "2025-12-31T20:00:00Z",
      margin: 8,
      owner_id: peer.id,
    },
    {
      title: "e",
      stage: "lead",
      amount: null,
      qty: null,
      close_date: "2026-06-30",
      closed_at: null,
      margin: 9,
      owner_id: rep.id,
    },
    {
      title: "f",
      stage: null,
      amount: money("1.00", "USD"),
      qty: 6,
      close_date: null,
      closed_at: "2026-07-01T00:00:00Z",
      margin: 1,
      owner_id: rep.id,
    },
  ];
  const created = await app.admin.post("/api/records/deal/bulk", { records: deals });
  expect(created.status, created.text).toBe(201);
  // Deleted records are counted by nobody.
  const gone = await app.admin.post("/api/records/deal", { title: "gone", stage: "won", qty: 100 });
  expect((await app.admin.delete(`/api/records/deal/${gone.body.id}`)).status).toBe(204);
});

afterAll(() => app?.close());

async function aggregate(body: unknown, client: HttpClient = app.admin) {
  const response = await client.post(AGGREGATE, body);
  expect(response.status, response.text).toBe(200);
  return response.body.groups as { key: Record<string, unknown>; values: Record<string, unknown> }[];
}

/** Hand-written SQL over the deal table, live rows only. */
async function handSql<T>(select: string, tail = ""): Promise<T[]> {
  const table = `"${app.database.schemas.workspace}"."deal"`;
  const { rows } = await sql
    .raw<T>(`SELECT ${select} FROM ${table} WHERE deleted_at IS NULL ${tail}`)
    .execute(app.database.db);
  return rows;
}

describe(`aggregate reads (${testEngine})`, () => {
  it("counts, sums, averages, minima and maxima per select value, as hand-written SQL does", async () => {
    const groups = await aggregate({
      group_by: [{ field: "stage" }],
      aggregates: [
        { fn: "count" },
        { fn: "count_distinct", field: "owner_id" },
        { fn: "sum", field: "qty" },
        { fn: "avg", field: "qty" },
        { fn: "min", field: "close_date" },
        { fn: "max", field: "closed_at" },
        { fn: "sum", field: "double_qty" },
        { fn: "max", field: "stored_double", as: "top_stored" },
      ],
    });
    const expected = await handSql<Record<string, unknown>>(
      `stage, count(*)::int AS count, count(DISTINCT owner_id)::int AS owners, sum(qty)::float8 AS qty,
       avg(qty)::float8 AS avg_qty, min(close_date)::text AS first_close, max(closed_at) AS last_closed,
       (sum(qty) * 2)::float8 AS double_qty, (max(qty) * 2)::float8 AS top_stored`,
      "GROUP BY stage ORDER BY stage NULLS LAST",
    );
    expect(groups).toEqual(
      expected.map((row) => ({
        key: { stage: row.stage },
        values: {
          count: row.count,
          count_distinct_owner_id: row.owners,
          sum_qty: row.qty,
          avg_qty: row.avg_qty,
          min_close_date: row.first_close,
          max_closed_at: row.last_closed === null ? null : (row.last_closed as Date).toISOString(),
          sum_double_qty: row.double_qty,
          top_stored: row.top_stored,
        },
      })),
    );
    expect(groups.map((g) => g.key.stage)).toEqual(["lead", "won", null]);
    expect(groups.find((g) => g.key.stage === "won")?.values.top_stored).toBe(6);
  });

  // With count_distinct beside money the statement takes the GROUPING SETS form, without it the folded one.
  it.each([
    ["folded per currency", []],
    ["in grouping sets", [{ fn: "count_distinct", field: "owner_id", as: "owners" }]],
  ])(
    "sums money per currency, never across currencies, beside the other aggregates (%s)",
    async (_, extra) => {
      const groups = await aggregate({
        group_by: [{ field: "stage" }],
        aggregates: [
          { fn: "count" },
          { fn: "sum", field: "amount" },
          { fn: "max", field: "amount" },
          { fn: "avg", field: "amount" },
          { fn: "min", field: "close_date" },
          { fn: "avg", field: "qty" },
          ...extra,
        ],
      });
      const expected = await handSql<{
        stage: string | null;
        currency: string;
        total: string;
        top: string;
        mean: string;
      }>(
        "stage, amount__currency AS currency, sum(amount)::text AS total, max(amount)::text AS top, round(avg(amount), 2)::text AS mean",
        "AND amount IS NOT NULL GROUP BY stage, amount__currency",
      );
      const perStage = (stage: string | null, pick: "total" | "top" | "mean") =>
        Object.fromEntries(expected.filter((r) => r.stage === stage).map((r) => [r.currency, r[pick]]));
      const others = await handSql<{
        stage: string | null;
        first: string | null;
        mean: number | null;
        owners: number;
      }>(
        "stage, min(close_date)::text AS first, avg(qty)::float8 AS mean, count(DISTINCT owner_id)::int AS owners",
        "GROUP BY stage",
      );
      for (const group of groups) {
        const stage = group.key.stage as string | null;
        const other = others.find((r) => r.stage === stage)!;
        expect(group.values.min_close_date).toBe(other.first);
        expect(group.values.avg_qty).toBe(other.mean);
        if (extra.length) expect(group.values.owners).toBe(other.owners);
        expect(group.values.sum_amount).toEqual(perStage(stage, "total"));
        expect(group.values.max_amount).toEqual(perStage(stage, "top"));
        expect(group.values.avg_amount).toEqual(perStage(stage, "mean"));
      }
      expect(groups.find((g) => g.key.stage === "won")?.values).toMatchObject({
        count: 3,
        sum_amount: { CNY: "150.10", USD: "200.20" },
        max_amount: { CNY: "100.10", USD: "200.20" },
        avg_amount: { CNY: "75.05", USD: "200.20" },
      });
      // A group without any amount has an empty map, not a zero in some currency.
      expect(groups.find((g) => g.key.stage === "lead")?.values.sum_amount).toEqual({ CNY: "10.00" });
    },
  );

  it("answers one total without group_by, also with money", async () => {
    expect(await aggregate({ aggregates: [{ fn: "count" }, { fn: "sum", field: "amount" }] })).toEqual([
      { key: {}, values: { count: 6, sum_amount: { CNY: "160.10", USD: "201.20" } } },
    ]);
    const noDeals = { title: { eq: "nobody" } };
    expect(
      await aggregate({ filter: noDeals, aggregates: [{ fn: "count" }, { fn: "sum", field: "amount" }] }),
    ).toEqual([{ key: {}, values: { count: 0, sum_amount: {} } }]);
    const none = await aggregate({
      filter: { title: { eq: "nobody" } },
      aggregates: [{ fn: "count" }, { fn: "sum", field: "qty" }],
    });
    expect(none).toEqual([{ key: {}, values: { count: 0, sum_qty: null } }]);
  });

  it.each([
    ["day", "to_char(%s, 'YYYY-MM-DD')"],
    ["week", "to_char(date_trunc('week', %s::timestamp), 'YYYY-MM-DD')"],
    ["month", "to_char(date_trunc('month', %s::timestamp), 'YYYY-MM-DD')"],
    ["quarter", "to_char(date_trunc('quarter', %s::timestamp), 'YYYY-MM-DD')"],
    ["year", "to_char(date_trunc('year', %s::timestamp), 'YYYY-MM-DD')"],
    [
      "fiscal_quarter",
      "to_char(date_trunc('quarter', %s::timestamp - interval '3 months') + interval '3 months', 'YYYY-MM-DD')",
    ],
    [
      "fiscal_year",
      "to_char(date_trunc('year', %s::timestamp - interval '3 months') + interval '3 months', 'YYYY-MM-DD')",
    ],
  ])(
    "buckets dates and datetimes by %s in the organisation's time zone and fiscal year",
    async (bucket, pattern) => {
      for (const [field, local] of [
        ["close_date", "close_date"],
        ["closed_at", "(closed_at AT TIME ZONE 'Asia/Shanghai')::date"],
      ] as const) {
        const groups = await aggregate({
          group_by: [{ field, bucket }],
          aggregates: [{ fn: "count" }, { fn: "sum", field: "qty" }],
        });
        const key = pattern.replaceAll("%s", local);
        const expected = await handSql<{ bucket: string | null; count: number; qty: number | null }>(
          `${key} AS bucket, count(*)::int AS count, sum(qty)::float8 AS qty`,
          `GROUP BY 1 ORDER BY 1 NULLS LAST`,
        );
        expect(groups, `${field} by ${bucket}`).toEqual(
          expected.map((row) => ({
            key: { [field]: row.bucket },
            values: { count: row.count, sum_qty: row.qty },
          })),
        );
      }
    },
  );

  it("puts a late-evening UTC datetime on its Shanghai day, and March 2026 in fiscal 2025", async () => {
    const byMonth = await aggregate({
      filter: { title: { in: ["a", "b"] } },
      group_by: [{ field: "closed_at", bucket: "month" }],
      aggregates: [{ fn: "count" }],
    });
    expect(byMonth.map((g) => g.key.closed_at)).toEqual(["2026-03-01", "2026-04-01"]);
    const byFiscalYear = await aggregate({
      filter: { title: { in: ["a", "c"] } },
      group_by: [{ field: "close_date", bucket: "fiscal_year" }],
      aggregates: [{ fn: "count" }],
    });
    expect(byFiscalYear.map((g) => g.key.close_date)).toEqual(["2025-04-01"]);
  });

  it("groups by two fields, sorts by an aggregate and filters with the list's filter", async () => {
    const groups = await aggregate({
      filter: { qty: { gte: 2 } },
      group_by: [{ field: "stage" }, { field: "owner_id" }],
      aggregates: [{ fn: "sum", field: "qty", as: "units" }],
      sort: "-units",
    });
    const expected = await handSql<{ stage: string | null; owner_id: string; units: number }>(
      "stage, owner_id, sum(qty)::float8 AS units",
      "AND qty >= 2 GROUP BY stage, owner_id ORDER BY units DESC, stage NULLS LAST, owner_id",
    );
    expect(groups).toEqual(
      expected.map((r) => ({ key: { stage: r.stage, owner_id: r.owner_id }, values: { units: r.units } })),
    );
  });

  it("counts for a rep only the records the rep may read", async () => {
    const groups = await aggregate(
      { group_by: [{ field: "stage" }], aggregates: [{ fn: "count" }, { fn: "sum", field: "amount" }] },
      rep.client,
    );
    const expected = await handSql<{ stage: string | null; count: number }>(
      "stage, count(*)::int AS count",
      `AND owner_id = '${rep.id}' GROUP BY stage ORDER BY stage NULLS LAST`,
    );
    expect(groups.map((g) => ({ stage: g.key.stage, count: g.values.count }))).toEqual(expected);
    // The peer's CNY 50.00 "won" deal is not in the rep's total.
    expect(groups.find((g) => g.key.stage === "won")?.values.sum_amount).toEqual({
      CNY: "100.10",
      USD: "200.20",
    });
  });

  it("refuses a hidden field like an unknown one, to group or aggregate, and lists every problem", async () => {
    const hidden = await rep.client.post(AGGREGATE, {
      group_by: [{ field: "margin" }],
      aggregates: [{ fn: "sum", field: "margin" }],
    });
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors).toEqual([
      expect.objectContaining({ field: "group_by.0.field", code: "unknown_field" }),
      expect.objectContaining({ field: "aggregates.0.field", code: "unknown_field" }),
    ]);
    // The admin may use it.
    expect((await aggregate({ group_by: [{ field: "margin" }], aggregates: [{ fn: "count" }] })).length).toBe(
      6,
    );

    const bad = await app.admin.post(AGGREGATE, {
      filter: { nope: { eq: 1 } },
      group_by: [{ field: "close_date" }, { field: "title", bucket: "month" }],
      aggregates: [
        { fn: "sum", field: "stage" },
        { fn: "count", field: "qty" },
        { fn: "count" },
        { fn: "count" },
      ],
      sort: "-sum_amount",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      "group_by.0.bucket:bucket_required",
      "group_by.1.bucket:bucket_not_allowed",
      "aggregates.0.field:not_aggregatable",
      "aggregates.1.field:field_not_allowed",
      "aggregates.3.as:duplicate_name",
      "sort:unknown_field",
      "filter.nope:unknown_field",
    ]);
    expect(bad.body.errors[0].message).toContain("bucket");
  });

  it("answers a clear problem, not a truncated list, when there are more groups than the limit", async () => {
    const response = await app.admin.post(AGGREGATE, {
      group_by: [{ field: "title" }],
      aggregates: [{ fn: "count" }],
      limit: 5,
    });
    expect(response.status, response.text).toBe(422);
    expect(response.body.code).toBe("AGGREGATE_TOO_MANY_GROUPS");
    expect(response.body.detail).toContain("5");
    expect(
      (await aggregate({ group_by: [{ field: "title" }], aggregates: [{ fn: "count" }], limit: 6 })).length,
    ).toBe(6);
  });

  it("runs one SQL statement per call", async () => {
    app.queries.length = 0;
    await aggregate(
      { group_by: [{ field: "stage" }], aggregates: [{ fn: "count" }, { fn: "sum", field: "amount" }] },
      rep.client,
    );
    expect(app.queries.filter((q) => /"deal"/.test(q))).toHaveLength(1);
  });
});
