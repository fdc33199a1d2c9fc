import { ApiClient, createApiToken } from "./lib/api-client.ts";
import { createDeals, LIST_PATH, OBJECT } from "./lib/deals.ts";
import type { BenchOptions } from "./lib/options.ts";
import { createDatabase, databaseUrl, dropDatabase } from "./lib/postgres.ts";
import { formatCount, progress } from "./lib/progress.ts";
import { type QuietResult, waitForQuietMachine } from "./lib/quiet.ts";
import { passes, printTable, type ResultRow } from "./lib/report.ts";
import { saveRun } from "./lib/run-record.ts";
import { startBenchServer } from "./lib/server.ts";
import { describeStats, type LatencyStats, summarize } from "./lib/stats.ts";

/**
 * Issue 19 item 3, counts that do not scan (ADR 0035): on PostgreSQL, 1,000,000 records of a 10-field `deals`
 * object (filled set-based in SQL, as `bench -- rows` does), the list (status = customer AND amount >
 * 50000, newest close date first, 50) through the API with `count=true`, `count=exact` and no count, and the
 * whole object with `count=true`; first without any index, then with the index the advisor proposes for the
 * list. Also how far the estimate is from the exact count.
 */
const DATABASE = "keduo_bench_counts";
const FULL = { rows: 1_000_000, warmup: 5, requests: 60 };
const QUICK = { rows: 100_000, warmup: 3, requests: 20 };
const TARGET_P95_MS = 15;
const EXACT_COUNT_LIMIT = 10_000;

const LIST = LIST_PATH;
const ALL = `/api/records/${OBJECT}?limit=50`;
const CASES: Array<[string, string]> = [
  ["list, count=true", `${LIST}&count=true`],
  ["list, count=exact", `${LIST}&count=exact`],
  ["list, no count", LIST],
  ["all, count=true", `${ALL}&count=true`],
  ["all, count=exact", `${ALL}&count=exact`],
];

type Answer = { total?: number; total_estimated?: boolean };

/** Each case's latency, the cases interleaved so a busy moment of the shared machine hits them all alike. */
async function measure(client: ApiClient, sizes: typeof FULL, cases: Array<[string, string]> = CASES) {
  const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
  const answers = new Map<string, Answer>();
  for (let i = 0; i < sizes.warmup + sizes.requests; i++)
    for (const [name, path] of cases) {
      const t = performance.now();
      const answer = await client.expect<Answer>("GET", path, undefined, 200);
      const ms = performance.now() - t;
      if (i >= sizes.warmup) samples.get(name)!.push(ms);
      answers.set(name, { total: answer.total, total_estimated: answer.total_estimated });
    }
  return { stats: new Map<string, LatencyStats>([...samples].map(([n, v]) => [n, summarize(v)])), answers };
}

/**
 * Phase 4: a rep under a row predicate (the object private, 5 % of the deals theirs): their count is
 * bounded like everyone's and, above the limit, estimated from a sample of the table's pages, since the
 * planner cannot estimate the predicate (ADR 0035). Against their exact count.
 */
async function repPhase(
  server: Awaited<ReturnType<typeof startBenchServer>>,
  sizes: typeof FULL,
  results: ResultRow[],
  details: Record<string, unknown>,
  calm: Record<string, QuietResult>,
) {
  const { pool, schemas } = server.database;
  await server.api.expect("PATCH", `/api/meta/objects/${OBJECT}`, { sharing_default: "private" }, 200);
  await server.api.expect(
    "PATCH",
    "/api/meta/roles/member",
    { permissions: { default_objects: { read: true, create: true, edit: true, delete: true } } },
    200,
  );
  const rep = { email: "rep@bench.keduo", password: "password-123" };
  const created = await server.api.expect<{ user: { id: string } }>(
    "POST",
    "/api/users",
    { ...rep, name: "rep" },
    201,
  );
  await pool.query(
    `UPDATE "${schemas.workspace}".${OBJECT} SET owner_id = $1 WHERE abs(hashtext(id::text)) % 20 = 0`,
    [created.user.id],
  );
  await pool.query(`VACUUM (ANALYZE) "${schemas.workspace}".${OBJECT}`);
  const client = new ApiClient(server.url, await createApiToken(server.url, rep.email, rep.password));
  calm["4"] = await waitForQuietMachine("4", { maxSeconds: 120, busyBelow: 40 });
  const cases: Array<[string, string]> = [
    ["rep: all theirs, count=true", `${ALL}&count=true`],
    ["rep: all theirs, count=exact", `${ALL}&count=exact`],
    ["rep: all theirs, no count", ALL],
  ];
  const { stats, answers } = await measure(client, sizes, cases);
  details.phase4 = { latency: Object.fromEntries(stats), answers: Object.fromEntries(answers) };
  for (const [name, stat] of stats) {
    const answer = answers.get(name)!;
    const total =
      answer.total === undefined
        ? ""
        : `; total ${answer.total}${answer.total_estimated ? " (estimated)" : ""}`;
    progress("4", `${name}: ${describeStats(stat)}${total}`);
    results.push({
      phase: "4",
      title: `${name}, ${formatCount(sizes.rows)} rows`,
      metric: "p95",
      value: stat.p95,
      unit: "ms",
      target: null,
      notes: `p50 ${stat.p50.toFixed(1)} ms${total}`,
    });
  }
  const estimate = answers.get("rep: all theirs, count=true")!;
  const exact = answers.get("rep: all theirs, count=exact")!;
  const error = ((estimate.total! - exact.total!) / exact.total!) * 100;
  results.push({
    phase: "4",
    title: "rep: sampled estimate against exact count",
    metric: "estimate",
    value: estimate.total!,
    unit: "statements",
    target: null,
    notes: `exact ${exact.total}`,
    check: {
      // Up to the limit (--quick: 5 % of 100,000) the rep's count is exact.
      ok:
        exact.total! <= EXACT_COUNT_LIMIT
          ? estimate.total_estimated === false && error === 0
          : estimate.total_estimated === true && Math.abs(error) <= 10,
      display: `${estimate.total} (${error >= 0 ? "+" : ""}${error.toFixed(1)} %)`,
      expected: "exact to 10,000, else estimated within 10 %",
    },
  });
}

export async function run(opts: BenchOptions): Promise<boolean> {
  const sizes = opts.quick ? QUICK : FULL;
  const started = new Date();
  await dropDatabase(DATABASE);
  await createDatabase(DATABASE);
  // The index advisor stays out of it: it would build the list's index during the unindexed phase.
  const server = await startBenchServer(
    { engine: "postgres", url: databaseUrl(DATABASE) },
    { env: { KEDUO_ADVISOR_MIN_SLOW_CALLS: "1000000" } },
  );
  const calm: Record<string, QuietResult> = {};
  const results: ResultRow[] = [];
  const details: Record<string, unknown> = {};
  try {
    const { pool, schemas } = server.database;
    const ws = schemas.workspace;
    const loadStarted = performance.now();
    await createDeals(server, sizes.rows);
    progress(
      "1",
      `${formatCount(sizes.rows)} deals in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`,
    );

    const phases: Array<[string, string, () => Promise<void>]> = [
      ["2", "no index", async () => {}],
      [
        "3",
        "advisor's index",
        async () => {
          // What the index advisor proposes for this list (ADR 0034): equality, then the order and its tie-breaker.
          await pool.query(
            `CREATE INDEX bench_counts_status_close ON "${ws}".${OBJECT} (status, close_date DESC, id DESC)
             WHERE deleted_at IS NULL`,
          );
          await pool.query(`ANALYZE "${ws}".${OBJECT}`);
        },
      ],
    ];
    for (const [phase, title, prepare] of phases) {
      await prepare();
      if (opts.only && !opts.only.has(phase)) continue;
      calm[phase] = await waitForQuietMachine(phase, { maxSeconds: 120, busyBelow: 40 });
      const { stats, answers } = await measure(server.api, sizes);
      details[`phase${phase}`] = { latency: Object.fromEntries(stats), answers: Object.fromEntries(answers) };
      for (const [name, stat] of stats) {
        const answer = answers.get(name)!;
        const total =
          answer.total === undefined
            ? ""
            : `; total ${answer.total}${answer.total_estimated ? " (estimated)" : ""}`;
        progress(phase, `${name}: ${describeStats(stat)}${total}`);
        results.push({
          phase,
          title: `${name}, ${formatCount(sizes.rows)} rows, ${title}`,
          metric: "p95",
          value: stat.p95,
          unit: "ms",
          target: phase === "3" && name === "list, count=true" ? TARGET_P95_MS : null,
          notes: `p50 ${stat.p50.toFixed(1)} ms${total}`,
        });
      }
      for (const what of ["list", "all"]) {
        const estimate = answers.get(`${what}, count=true`)!;
        const exact = answers.get(`${what}, count=exact`)!;
        const error = ((estimate.total! - exact.total!) / exact.total!) * 100;
        progress(phase, `${what}: estimate ${estimate.total} against ${exact.total} (${error.toFixed(1)} %)`);
        results.push({
          phase,
          title: `${what}: estimate against exact count, ${title}`,
          metric: "estimate",
          value: estimate.total!,
          unit: "statements",
          target: null,
          notes: `exact ${exact.total}, ${error >= 0 ? "+" : ""}${error.toFixed(1)} %`,
          check: {
            ok: estimate.total_estimated === true && exact.total_estimated === false,
            display: `${estimate.total} (${error >= 0 ? "+" : ""}${error.toFixed(1)} %)`,
            expected: "marked estimated",
          },
        });
      }
    }
    if (!opts.only || opts.only.has("4")) await repPhase(server, sizes, results, details, calm);
  } finally {
    await server.close();
    if (!opts.keep) await dropDatabase(DATABASE);
  }
  printTable(`counts (${formatCount(sizes.rows)} deals, PostgreSQL)`, results);
  const path = await saveRun({
    name: "counts",
    started,
    options: opts,
    sizes,
    quiet: null,
    calm,
    load: {},
    results,
    details,
  });
  process.stdout.write(`\nresults: ${path}\n`);
  return results.every(passes);
}
