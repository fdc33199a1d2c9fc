import { cloneDatabase } from "../lib/data-generator.ts";
import type { BenchOptions } from "../lib/options.ts";
import { dropDatabase } from "../lib/postgres.ts";
import { progress } from "../lib/progress.ts";
import type { ResultRow } from "../lib/report.ts";
import { type BenchServer, type CapturedQuery, startBenchServer } from "../lib/server.ts";

export interface Sizes {
  leads: number;
  bigLeads: number;
  deals: { deals: number; accounts: number; campaigns: number };
  pgliteLeads: number;
  /** Sequential calls run (and reported apart) before the measured ones. */
  warmup: number;
  requests: number;
  bulkCalls: number;
  bulkSize: number;
}

export interface PhaseContext {
  options: BenchOptions;
  sizes: Sizes;
  results: ResultRow[];
  /** Everything else worth keeping in the JSON file (full statistics, plans, captured SQL), by phase. */
  details: Record<string, unknown>;
}

/** Clones the template into `keduo_bench_run_records_<phase>`, runs Keduo on it, and cleans both up. */
export async function withClonedServer<T>(
  ctx: PhaseContext,
  phase: string,
  template: string,
  work: (server: BenchServer, databaseUrl: string) => Promise<T>,
): Promise<T> {
  const name = `keduo_bench_run_records_${phase}`;
  const started = performance.now();
  const url = await cloneDatabase(template, name);
  progress(phase, `cloned ${template} → ${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  try {
    const server = await startBenchServer({ engine: "postgres", url });
    try {
      return await work(server, url);
    } finally {
      await server.close();
    }
  } finally {
    if (ctx.options.keep) progress(phase, `kept database ${name}`);
    else await dropDatabase(name);
  }
}

/** The SQL one request ran, split into the object-table queries and the rest (authentication, metadata version). */
export async function captureRequest(
  server: BenchServer,
  path: string,
): Promise<{ all: CapturedQuery[]; onTable(table: string): CapturedQuery | undefined }> {
  const all = await server.capture.during(async () => {
    await server.api.expect("GET", path, undefined, 200);
  });
  const workspace = `"${server.database.schemas.workspace}".`;
  return { all, onTable: (table) => all.find((q) => q.sql.includes(`${workspace}"${table}"`)) };
}

/** A one-line summary of a query, for reports: its first words with whitespace collapsed. */
export const sqlHead = (query: CapturedQuery, length = 90) =>
  query.sql.replace(/\s+/g, " ").trim().slice(0, length);
