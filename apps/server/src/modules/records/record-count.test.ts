import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient } from "../../test/http-client.ts";
import { type PrivateReps, setUpPrivateReps } from "../../test/private-reps.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { objectTable } from "../schema-sync/index.ts";
import { TRUSTED_ESTIMATE_FACTOR } from "./record-count.ts";

/**
 * `count=true` on a list (ADR 0035): exact up to the limit, the planner's estimate above it, marked; `count=exact`
 * counts however many. The limit is lowered to 20 through the server's configuration, so a few dozen records
 * stand for the 10,000 of a real installation. Customers are private: each rep counts only their own.
 *   victim: 25 customers (10 of them "vip-…"), prober: 5, admin: 40 (20 "vip-…") — 70 live, 30 "vip-…".
 */
const LIMIT = 20;
let app: TestApp;
let reps: PrivateReps;

async function createCustomers(client: HttpClient, prefix: string, count: number, vip: number) {
  const records = Array.from({ length: count }, (_, i) => ({
    name: `${i < vip ? "vip-" : ""}${prefix}-${i}`,
  }));
  const response = await client.post("/api/records/customer/bulk", { records });
  expect(response.status, response.text).toBe(201);
}

const query = (params: Record<string, string | number>) =>
  `/api/records/customer?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`;
const VIP = JSON.stringify({ name: { starts_with: "vip-" } });

/** The planner's own row estimate of the live customers, asked directly. */
async function plannerEstimate(where = sql`deleted_at IS NULL`): Promise<number> {
  const table = objectTable(app.database.schemas, "customer");
  const { rows } = await sql<{ "QUERY PLAN": Array<{ Plan: { "Plan Rows": number } }> }>`
    EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table} WHERE ${where}`.execute(app.database.db);
  return rows[0]!["QUERY PLAN"][0]!.Plan["Plan Rows"];
}

beforeAll(async () => {
  app = await startTestApp({ env: { KEDUO_EXACT_COUNT_LIMIT: String(LIMIT) } });
  reps = await setUpPrivateReps(app);
  await createCustomers(reps.victim.client, "victim", 25, 10);
  await createCustomers(reps.prober.client, "prober", 5, 0);
  await createCustomers(app.admin, "admin", 40, 20);
  // Fresh statistics, as autovacuum (PostgreSQL) or Keduo after large writes (PGlite) leave them.
  await sql`ANALYZE ${objectTable(app.database.schemas, "customer")}`.execute(app.database.db);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe(`counts of a list (${testEngine})`, () => {
  it("counts exactly up to the limit, with the filter and only what the reader may see", async () => {
    const mine = await reps.prober.client.get(query({ count: "true", limit: 2 }));
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body).toMatchObject({ total: 5, total_estimated: false });
    expect(mine.body.records).toHaveLength(2);
    const vip = await reps.victim.client.get(query({ count: "true", limit: 3, filter: VIP }));
    expect(vip.body).toMatchObject({ total: 10, total_estimated: false });
    // Exactly the limit is still a count.
    const adminVip = await app.admin.get(
      query({ count: "true", limit: 1, filter: JSON.stringify({ name: { starts_with: "vip-admin" } }) }),
    );
    expect(adminVip.body).toMatchObject({ total: LIMIT, total_estimated: false });
  });

  it("a first page that holds every match is its own count, with no counting statement", async () => {
    app.queries.length = 0;
    const page = await reps.victim.client.get(query({ count: "true", limit: 50 }));
    expect(page.body).toMatchObject({ total: 25, total_estimated: false, next_cursor: null });
    expect(app.queries.filter((text) => /count\(\*\)|EXPLAIN/i.test(text))).toEqual([]);
  });

  it("above the limit answers the planner's estimate of the same access-scoped query, marked estimated", async () => {
    app.queries.length = 0;
    const all = await app.admin.get(query({ count: "true", limit: 5 }));
    expect(all.status, all.text).toBe(200);
    expect(all.body.records).toHaveLength(5);
    expect(all.body.total_estimated).toBe(true);
    expect(all.body.total).toBe(Math.max(LIMIT + 1, Math.round(await plannerEstimate())));
    // The bounded scan stopped after limit + 1 rows; the EXPLAIN carries the statement's bind parameters.
    const explain = app.queries.find((text) => text.startsWith("EXPLAIN"));
    expect(explain).toMatch(/^EXPLAIN \(FORMAT JSON\) SELECT 1 FROM/);
    expect(app.queries.some((text) => /LIMIT \$\d+\) s$/.test(text.trim()))).toBe(true);

    // A filter's matches above the limit are estimated too.
    const vip = await app.admin.get(query({ count: "true", limit: 1, filter: VIP, sort: "name" }));
    expect(vip.body.total_estimated).toBe(true);
    expect(vip.body.total).toBeGreaterThan(LIMIT);

    // The victim sees 25 of the 70. The planner cannot estimate a row predicate (it takes the whole table), so a
    // reader under one gets an estimate from a sample of the table's pages (all of them, at this size): never
    // the table's size, never more than they may read.
    app.queries.length = 0;
    const victims = await reps.victim.client.get(query({ count: "true", limit: 5 }));
    expect(victims.body).toMatchObject({ total: 25, total_estimated: true });
    expect(app.queries.some((text) => /TABLESAMPLE SYSTEM \(\$\d+\) REPEATABLE/.test(text))).toBe(true);
  });

  it("count=exact counts every match above the limit, in the query string and in a query body", async () => {
    const all = await app.admin.get(query({ count: "exact", limit: 5 }));
    expect(all.body).toMatchObject({ total: 70, total_estimated: false });
    const vip = await app.admin.post("/api/records/customer/query", {
      filter: { name: { starts_with: "vip-" } },
      count: "exact",
      limit: 1,
    });
    expect(vip.status, vip.text).toBe(200);
    expect(vip.body).toMatchObject({ total: 30, total_estimated: false });
    const victims = await reps.victim.client.get(query({ count: "exact", limit: 5 }));
    expect(victims.body).toMatchObject({ total: 25, total_estimated: false });
  });

  it("far above the limit answers the estimate without counting at all", async () => {
    // 270 live customers, estimated at more than ten times the limit (TRUSTED_ESTIMATE_FACTOR): no scan.
    await createCustomers(app.admin, "more", 200, 0);
    await sql`ANALYZE ${objectTable(app.database.schemas, "customer")}`.execute(app.database.db);
    const planned = Math.round(await plannerEstimate());
    expect(planned).toBeGreaterThan(LIMIT * TRUSTED_ESTIMATE_FACTOR);
    app.queries.length = 0;
    const all = await app.admin.get(query({ count: "true", limit: 5 }));
    expect(all.body).toMatchObject({ total: planned, total_estimated: true });
    expect(app.queries.filter((text) => text.startsWith("EXPLAIN"))).toHaveLength(1);
    expect(app.queries.filter((text) => /count\(\*\)/.test(text))).toEqual([]);
    const victims = await reps.victim.client.get(query({ count: "true", limit: 5 }));
    expect(victims.body).toMatchObject({ total: 25, total_estimated: true });
    expect((await app.admin.get(query({ count: "exact", limit: 5 }))).body).toMatchObject({
      total: 270,
      total_estimated: false,
    });
  });

  it("without count there is no total; an unknown count mode is a validation problem", async () => {
    const plain = await app.admin.get(query({ limit: 5 }));
    expect(plain.body.total).toBeUndefined();
    expect(plain.body.total_estimated).toBeUndefined();
    const off = await app.admin.get(query({ limit: 5, count: "false" }));
    expect(off.body.total).toBeUndefined();
    const wrong = await app.admin.get(query({ limit: 5, count: "maybe" }));
    expect(wrong.status).toBe(400);
    expect(wrong.headers.get("content-type")).toContain("application/problem+json");
  });
});
