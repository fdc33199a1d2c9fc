import { cpus } from "node:os";
import { type CaseId, DEAL, FORMULAS, type ListCase, listCases, PAYMENT } from "./formula/dataset.ts";
import {
  captureListQuery,
  explainSummary,
  type PlanSummary,
  printPlan,
  settle,
  type TimedLoop,
  timedLoop,
} from "./formula/measure.ts";
import { prepareFormulaTemplate } from "./formula/template.ts";
import { cloneDatabase } from "./lib/data-generator.ts";
import type { BenchOptions } from "./lib/options.ts";
import { dropDatabase, serverVersion } from "./lib/postgres.ts";
import { formatCount, progress } from "./lib/progress.ts";
import { environment, passes, printTable, type ResultRow, writeResults } from "./lib/report.ts";
import { type BenchServer, type CapturedQuery, startBenchServer } from "./lib/server.ts";
import { describeStats } from "./lib/stats.ts";

const FULL = { rows: 1_000_000, warmup: 20, requests: 200, budgetSeconds: 60 };
const QUICK = { rows: 100_000, warmup: 20, requests: 200, budgetSeconds: 60 };
const label = (en: string) => ({ "zh-CN": en, en });

/**
 * Formula fields on the list path (issue 4): 1M deals with a stored deterministic formula, a stored rollup over
 * payments (ADR 0010), a TODAY() formula and the rollup once more at read time, added through the API; a
 * filtered, sorted page of 50 on each, and on an indexed plain column, one request at a time as the admin, with
 * the EXPLAIN plan of each. Then what storing costs: the backfills and the writes that keep values current.
 * Returns whether every target was met.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const started = new Date();
  const scope = "formula";
  const prepared = await prepareFormulaTemplate(sizes.rows, { rebuild: options.rebuild, scope });
  const database = "keduo_bench_run_formula";
  const url = await cloneDatabase(prepared.template, database);
  progress(scope, `cloned → ${database}`);
  const results: ResultRow[] = [];
  const details: Record<string, unknown> = {
    template: {
      key: prepared.key,
      template: prepared.template,
      built: prepared.built,
      buildSeconds: prepared.buildSeconds,
    },
    objects: Object.fromEntries(prepared.spec.objects.map((o) => [o.apiName, o.rows])),
    formulas: FORMULAS,
  };
  try {
    const server = await startBenchServer({ engine: "postgres", url });
    try {
      await measureAll(server, options, sizes, results, details);
    } finally {
      await server.close();
    }
  } finally {
    if (options.keep) progress(scope, `kept database ${database}`);
    else await dropDatabase(database);
  }
  printTable(
    `Keduo formula benchmark: ${formatCount(sizes.rows)} ${DEAL} records${options.quick ? " (--quick: smoke check only)" : ""}`,
    results,
  );
  const path = writeResults("formula", {
    benchmark: "formula",
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { quick: options.quick },
    sizes,
    environment: environment({ postgres: await serverVersion(), cores: cpus().length }),
    results: results.map((row) => ({ ...row, pass: row.target === null && !row.check ? null : passes(row) })),
    details,
  });
  const failed = results.filter((row) => !passes(row)).length;
  process.stdout.write(
    `\n${failed ? `${failed} target(s) missed` : "all targets met"}; figures written to ${path}\n`,
  );
  return failed === 0;
}

async function measureAll(
  server: BenchServer,
  options: BenchOptions,
  sizes: typeof FULL,
  results: ResultRow[],
  details: Record<string, unknown>,
): Promise<void> {
  const { workspace } = server.database.schemas;
  const table = `"${workspace}"."${DEAL}"`;
  const backfills: Record<string, number> = {};
  for (const [api_name, definition] of Object.entries(FORMULAS)) {
    const { expression, stored } = definition;
    const scope = "rollup_as" in definition ? { rollup_as: definition.rollup_as } : {};
    const started = performance.now();
    const field = await server.api.expect<{ config: { result_type: string } }>(
      "POST",
      `/api/meta/objects/${DEAL}/fields`,
      {
        api_name,
        type: "formula",
        labels: label(api_name),
        indexed: stored,
        config: { expression, ...scope, ...(stored ? { stored: true } : {}) },
      },
      201,
    );
    const seconds = (performance.now() - started) / 1000;
    if (stored) backfills[api_name] = seconds;
    progress(
      "formula",
      `added formula field ${api_name} = ${expression} (${field.config.result_type}${stored ? `, stored + indexed: column, backfill and index in ${seconds.toFixed(1)} s` : ", read time"})`,
    );
  }
  for (const [api_name, seconds] of Object.entries(backfills)) {
    results.push({
      phase: "3",
      title: `(${api_name}) store: add column, backfill ${formatCount(sizes.rows)} rows, index`,
      metric: "metadata API",
      value: seconds * 1000,
      unit: "ms",
      target: null,
      notes: "one metadata transaction: ADD COLUMN, one set-based UPDATE, CREATE INDEX",
    });
  }
  details.backfillSeconds = backfills;
  // The backfill rewrote every row once: fresh statistics, and a visibility map for index-only plans.
  await server.database.pool.query(`VACUUM (ANALYZE) ${table}`);
  const cases = listCases();
  const queries = new Map<CaseId, CapturedQuery[]>();
  for (const c of cases) {
    const captured: CapturedQuery[] = [];
    for (const path of c.paths) captured.push(await captureListQuery(server, path, table));
    queries.set(c.id, captured);
  }
  const client = await server.database.pool.connect();
  try {
    // Phase 2 first: the plans the timed requests run.
    progress("2", "— EXPLAIN (ANALYZE, BUFFERS) of each list query (first page of each case) —");
    const plans: Record<string, PlanSummary> = {};
    for (const c of cases) {
      const plan = await explainSummary(client, queries.get(c.id)![0]!, DEAL);
      plans[c.id] = plan;
      printPlan(`(${c.id}) ${c.title}: ${decode(c.paths[0]!)}`, plan);
      const ok = plan.limitRows <= 51;
      results.push({
        phase: "2",
        title: `(${c.id}) plan: filter+sort+limit in SQL`,
        metric: "rows leaving PG",
        value: Number.NaN,
        unit: "ms",
        target: null,
        notes: `${plan.seqScan ? "Seq Scan" : plan.usesIndex ? "index scan" : "other scan"}; ${formatCount(plan.rowsRemovedByFilter)} rows filtered out; execution ${plan.executionMs.toFixed(1)} ms`,
        check: { ok, display: String(plan.limitRows), expected: "≤ 51" },
      });
    }
    details.plans = plans;
    details.sql = Object.fromEntries(
      cases.map((c) => [c.id, { path: c.paths[0], ...pick(queries.get(c.id)![0]!) }]),
    );
  } finally {
    client.release();
  }

  // Phase 1: the API, one request at a time, the page's filter bound varied over four values.
  const api: Record<string, TimedLoop & { wait: unknown }> = {};
  for (const c of [...cases].sort((x, y) => (x.id === "d" ? -1 : y.id === "d" ? 1 : 0))) {
    // The read-time rollup scans every deal per request: a short budget is enough to show it.
    const budget = c.id === "e" ? { ...sizes, requests: 20, budgetSeconds: 30 } : sizes;
    api[c.id] = await timeApi(server, c, budget, options.quick, `1${c.id}`);
  }
  details.api = api;
  const plain = api.d!.stats.p95;
  for (const c of cases) {
    const loop = api[c.id]!;
    const s = loop.stats;
    results.push({
      phase: "1",
      title: `(${c.id}) page of 50: ${c.title}`,
      metric: "API p95",
      value: s.p95,
      unit: "ms",
      target: c.id === "a" || c.id === "b" ? 3 * plain : c.id === "c" ? 300 : null,
      notes: `${c.id === "a" || c.id === "b" ? "3 × (d) p95; " : ""}p50 ${s.p50.toFixed(2)}, p99 ${s.p99.toFixed(2)}, n=${s.count}${loop.cut ? " (cut at its time budget)" : ""}; busy ${loop.machine.busyPercent} %`,
    });
  }

  // Phase 3: what storing costs the writes that keep the values current.
  details.writes = await writeCosts(server, options.quick, results);
}

const pick = (q: CapturedQuery) => ({ sql: q.sql, parameters: q.parameters });

function decode(path: string): string {
  const query = new URL(path, "http://x").searchParams;
  return `filter ${query.get("filter")} sort=${query.get("sort")} limit=${query.get("limit")}`;
}

async function timeApi(server: BenchServer, c: ListCase, sizes: typeof FULL, quick: boolean, scope: string) {
  progress(scope, `— API: ${c.title} —`);
  const wait = await settle(scope, quick);
  const loop = await timedLoop(
    scope,
    {
      warmup: Math.min(sizes.warmup, sizes.requests),
      count: sizes.requests,
      budgetSeconds: sizes.budgetSeconds,
    },
    async (i) => {
      const path = c.paths[i % c.paths.length]!;
      const response = await server.api.send("GET", path);
      if (response.status !== 200)
        throw new Error(`GET ${path} answered ${response.status}: ${response.text.slice(0, 300)}`);
    },
  );
  progress(scope, describeStats(loop.stats));
  return { ...loop, wait };
}

/**
 * Writes that keep stored values current, one at a time: a payment created on a deal (its `received` rollup is
 * recomputed), a deal's amount changed (its own `net_amount`), and a deal's name changed (nothing to recompute).
 */
async function writeCosts(server: BenchServer, quick: boolean, results: ResultRow[]) {
  await settle("3", quick);
  const { records } = await server.api.expect<{ records: Array<{ id: string }> }>(
    "GET",
    `/api/records/${DEAL}?limit=200&fields=name`,
    undefined,
    200,
  );
  const deal = (i: number) => records[i % records.length]!.id;
  const money = (i: number) => ({ amount: `${100 + (i % 900)}.00`, currency: "CNY" });
  const writes: Array<[string, string, (i: number) => Promise<void>]> = [
    [
      "payment",
      "create a payment (deal's stored rollup recomputed)",
      async (i) => {
        await server.api.expect(
          "POST",
          `/api/records/${PAYMENT}`,
          { deal: deal(i), amount: money(i), status: "received" },
          201,
        );
      },
    ],
    [
      "amount",
      "change a deal's amount (its stored net_amount recomputed)",
      async (i) => {
        await server.api.expect("PATCH", `/api/records/${DEAL}/${deal(i)}`, { amount: money(i) }, 200);
      },
    ],
    [
      "name",
      "change a deal's name (no stored formula reads it)",
      async (i) => {
        await server.api.expect("PATCH", `/api/records/${DEAL}/${deal(i)}`, { name: `商机 ${i}` }, 200);
      },
    ],
  ];
  const out: Record<string, TimedLoop> = {};
  for (const [id, title, write] of writes) {
    const loop = await timedLoop(`3${id}`, { warmup: 10, count: 100, budgetSeconds: 60 }, write);
    out[id] = loop;
    results.push({
      phase: "3",
      title: `write: ${title}`,
      metric: "API p95",
      value: loop.stats.p95,
      unit: "ms",
      target: null,
      notes: `p50 ${loop.stats.p50.toFixed(2)}, n=${loop.stats.count}; busy ${loop.machine.busyPercent} %`,
    });
  }
  return out;
}
