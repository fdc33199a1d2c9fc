import { OBJECT } from "./access/dataset.ts";
import { countVisible, type Principal, signIn } from "./access/measure.ts";
import { PRINCIPALS } from "./access/org.ts";
import { prepareAccessTemplate } from "./access/template.ts";
import type { ApiClient } from "./lib/api-client.ts";
import { cloneDatabase } from "./lib/data-generator.ts";
import { explain, shortPlan } from "./lib/explain.ts";
import type { BenchOptions } from "./lib/options.ts";
import { dropDatabase } from "./lib/postgres.ts";
import { formatCount, progress } from "./lib/progress.ts";
import { type QuietResult, waitForQuietMachine } from "./lib/quiet.ts";
import { passes, printTable, type ResultRow } from "./lib/report.ts";
import { saveRun } from "./lib/run-record.ts";
import { type BenchServer, startBenchServer } from "./lib/server.ts";
import { describeStats, summarize } from "./lib/stats.ts";

const FULL = { rows: 1_000_000, warmup: 5, requests: 60 };
const QUICK = { rows: 100_000, warmup: 3, requests: 20 };
const PATH = `/api/records/${OBJECT}/aggregate`;

/** Group by a select field, sum a currency field: a kanban's column totals over the whole table. */
const byStage = {
  group_by: [{ field: "stage" }],
  aggregates: [{ fn: "count" }, { fn: "sum", field: "amount" }],
};

/**
 * The same narrowed by the indexed amount to its top ~0.5 % (≤ 10,000 of 1,000,000 records), varied so no
 * two requests in a row ask the same: amounts are log-uniform from 100 to 1,000,000 in the data set.
 */
const narrowed = (i: number) => ({
  ...byStage,
  filter: { amount: { gte: String(950_000 + (i % 10) * 1_000) } },
});

interface Workload {
  id: string;
  title: string;
  who: "admin" | "rep";
  body: (i: number) => unknown;
  target: number;
}

const WORKLOADS: Workload[] = [
  {
    id: "1",
    title: "group by stage, sum of amount, 1M records",
    who: "admin",
    body: () => byStage,
    target: 400,
  },
  { id: "2", title: "the same as a rep (access predicate)", who: "rep", body: () => byStage, target: 500 },
  {
    id: "3",
    title: "narrowed by an indexed filter (≤ 10,000 rows)",
    who: "admin",
    body: narrowed,
    target: 30,
  },
  { id: "4", title: "narrowed, as a rep", who: "rep", body: narrowed, target: 30 },
];

async function timed(client: ApiClient, body: unknown): Promise<number> {
  const text = JSON.stringify(body);
  const started = performance.now();
  const response = await client.send("POST", PATH, text);
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`POST ${PATH} answered ${response.status}: ${response.text}`);
  return ms;
}

/** The plan of one workload's statement, captured from a real request and explained with its parameters. */
async function planOf(server: BenchServer, client: ApiClient, body: unknown): Promise<string[]> {
  const table = `"${server.database.schemas.workspace}"."${OBJECT}"`;
  const queries = await server.capture.during(async () => {
    await timed(client, body);
  });
  const query = queries.find((q) => q.sql.includes(table));
  if (!query) throw new Error("no aggregate statement captured");
  const connection = await server.database.pool.connect();
  try {
    return shortPlan((await explain(connection, query, OBJECT)).plan, 24);
  } finally {
    connection.release();
  }
}

/**
 * Aggregate reads (issue 14, part 3) on the access benchmark's 1,000,000 private opportunities: the admin and
 * a rep (own records, team and region rules, shares) ask for per-stage counts and amount totals over the
 * whole table, then the same narrowed by an indexed filter. One request at a time; returns whether every
 * target was met.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const started = new Date();
  const scope = "aggregate";
  const template = await prepareAccessTemplate(sizes.rows, { rebuild: options.rebuild, scope });
  const database = "keduo_bench_run_aggregate";
  const url = await cloneDatabase(template.template, database);
  const results: ResultRow[] = [];
  const calm: Record<string, QuietResult> = {};
  const details: Record<string, unknown> = { template: template.template };
  try {
    const server = await startBenchServer({ engine: "postgres", url });
    try {
      const principals: Array<Pick<Principal, "name" | "client">> = await signIn(
        server,
        template.plan,
        PRINCIPALS,
      );
      const clientOf = (who: "admin" | "rep") => principals.find((p) => p.name === who)!.client;
      // The totals agree with what each may list: a rep's counts sum to the records the rep may read.
      for (const who of ["admin", "rep"] as const) {
        const answer = await clientOf(who).expect<{ groups: { values: { count: number } }[] }>(
          "POST",
          PATH,
          byStage,
          200,
        );
        const counted = answer.groups.reduce((sum, g) => sum + g.values.count, 0);
        const visible = await countVisible(clientOf(who));
        progress(
          scope,
          `${who}: the groups count ${formatCount(counted)}, the list counts ${formatCount(visible)}`,
        );
        if (counted !== visible)
          throw new Error(`${who}: aggregate counts ${counted}, list counts ${visible}`);
        details[`${who}Visible`] = visible;
      }
      for (const workload of WORKLOADS.filter((w) => !options.only || options.only.has(w.id))) {
        const client = clientOf(workload.who);
        details[`plan${workload.id}`] = await planOf(server, client, workload.body(0));
        for (let i = 0; i < sizes.warmup; i++) await timed(client, workload.body(i));
        calm[workload.id] = await waitForQuietMachine(scope, {
          maxSeconds: options.quick ? 20 : 120,
          busyBelow: 35,
        });
        const samples: number[] = [];
        for (let i = 0; i < sizes.requests; i++) samples.push(await timed(client, workload.body(i)));
        const stats = summarize(samples);
        progress(workload.id, `${workload.title} (${workload.who}): ${describeStats(stats)}`);
        results.push({
          phase: workload.id,
          title: `${workload.title} (${workload.who})`,
          metric: "p95",
          value: stats.p95,
          unit: "ms",
          target: workload.target,
          notes: `p50 ${stats.p50.toFixed(1)} ms, n=${stats.count}`,
        });
      }
    } finally {
      await server.close();
    }
  } finally {
    if (options.keep) progress(scope, `kept database ${database}`);
    else await dropDatabase(database);
  }
  printTable(`Keduo aggregate benchmark: ${formatCount(sizes.rows)} ${OBJECT} records, private`, results);
  for (const id of Object.keys(details).filter((k) => k.startsWith("plan")))
    process.stdout.write(`\n${id}:\n  ${(details[id] as string[]).join("\n  ")}\n`);
  const path = await saveRun({
    name: "aggregate",
    started,
    options,
    sizes,
    quiet: null,
    calm,
    load: {},
    results,
    details,
  });
  const failed = results.filter((row) => !passes(row)).length;
  process.stdout.write(
    `\n${failed ? `${failed} target(s) missed` : "all targets met"}; figures written to ${path}\n`,
  );
  return failed === 0;
}
