import { cpus } from "node:os";
import type { ApiClient } from "./lib/api-client.ts";
import { measureSequential } from "./lib/measure.ts";
import type { BenchOptions } from "./lib/options.ts";
import { createDatabase, databaseUrl, dropDatabase, serverVersion, withClient } from "./lib/postgres.ts";
import { progress } from "./lib/progress.ts";
import { environment, printTable, type ResultRow, writeResults } from "./lib/report.ts";
import { startBenchServer } from "./lib/server.ts";
import { summarize } from "./lib/stats.ts";
import { buildReaderDataset } from "./reader-formulas/dataset.ts";

const FULL = { customers: 10_000, deals: 20_000, warmup: 10, requests: 100 };
const QUICK = { customers: 2_000, deals: 4_000, warmup: 3, requests: 20 };

const page = (object: string, params: Record<string, unknown>) =>
  `/api/records/${object}?${Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(typeof v === "string" ? v : JSON.stringify(v))}`)
    .join("&")}`;

// Each list as the admin (view all: no row predicate anywhere) and as a rep (private objects: a predicate on
// the deals listed, on every customer a lookup reaches and on every deal a rollup counts).
const CASES = [
  {
    id: "plain",
    title: "deals sorted by title (plain column)",
    path: page("deal", { sort: "title", limit: 50 }),
  },
  {
    id: "lookup-sort",
    title: "deals sorted by the lookup cust_name",
    path: page("deal", { sort: "cust_name", limit: 50, fields: "title,cust_name" }),
  },
  {
    id: "lookup-filter",
    title: "deals filtered by cust_name starts_with, counted",
    path: page("deal", {
      filter: { cust_name: { starts_with: "Customer 0001" } },
      sort: "title",
      limit: 50,
      count: "true",
    }),
  },
  {
    id: "rollup-sort",
    title: "customers sorted by the rollup pipeline",
    path: page("customer", { sort: "-pipeline", limit: 50, fields: "name,pipeline" }),
    // A read-time rollup sorts every customer by its sum (seconds at this size): fewer requests.
    requests: 0.2,
  },
] as const;

/**
 * What reader-scoped lookups and rollups cost on the list path (issue 18, ADR 0015): 10,000 private
 * customers and 20,000 private deals of two reps, one request at a time, p50/p95 per list as the admin and
 * as a rep. Run it on the code before and after a change to compare; the figures are for information.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const scope = "reader-formulas";
  const started = new Date();
  const database = "keduo_bench_run_reader_formulas";
  await dropDatabase(database);
  await createDatabase(database);
  const results: ResultRow[] = [];
  try {
    const server = await startBenchServer({ engine: "postgres", url: databaseUrl(database) });
    try {
      const reps = await buildReaderDataset(server, sizes);
      // Fresh bulk loads have no statistics yet: the planner would guess (and pick absurd plans).
      await withClient(databaseUrl(database), (client) => client.query("VACUUM (ANALYZE)"));
      const who: Array<[string, ApiClient]> = [
        ["admin", server.api],
        ["rep", reps.rep1],
      ];
      for (const item of CASES)
        for (const [name, client] of who) {
          const share = "requests" in item ? item.requests : 1;
          let rows = 0;
          // One request's statements: the list is one query (plus the count), whatever the formulas read.
          const statements = await server.capture.during(async () => {
            await client.send("GET", item.path);
          });
          const { samples } = await measureSequential(
            {
              warmup: Math.ceil(sizes.warmup * share),
              count: Math.ceil(sizes.requests * share),
              scope,
              label: `${item.id} as ${name}`,
            },
            async () => {
              const response = await client.send("GET", item.path);
              if (response.status !== 200)
                throw new Error(`${item.path}: ${response.status} ${response.text}`);
              rows = (JSON.parse(response.text) as { records: unknown[] }).records.length;
            },
          );
          const stats = summarize(samples);
          for (const metric of ["p50", "p95"] as const)
            results.push({
              phase: item.id,
              title: `${item.title} as ${name}`,
              metric,
              value: stats[metric],
              unit: "ms",
              target: null,
              notes: `${rows} rows, ${statements.length} SQL statements`,
            });
        }
    } finally {
      await server.close();
    }
  } finally {
    if (options.keep) progress(scope, `kept database ${database}`);
    else await dropDatabase(database);
  }
  printTable(`Keduo reader-scoped formulas: ${sizes.customers} customers, ${sizes.deals} deals`, results);
  const path = writeResults("reader-formulas", {
    benchmark: "reader-formulas",
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    sizes,
    environment: environment({ postgres: await serverVersion(), cores: cpus().length }),
    results,
  });
  process.stdout.write(`\nfigures written to ${path}\n`);
  return true;
}
