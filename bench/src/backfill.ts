import { cpus } from "node:os";
import { sql } from "kysely";
import { formulaFieldSql } from "../../apps/server/src/modules/formula-sql/index.ts";
import { loadSnapshot } from "../../apps/server/src/modules/metadata/load-snapshot.ts";
import { DEAL, FORMULAS } from "./formula/dataset.ts";
import { prepareFormulaTemplate } from "./formula/template.ts";
import { cloneDatabase } from "./lib/data-generator.ts";
import type { BenchOptions } from "./lib/options.ts";
import { dropDatabase, serverVersion } from "./lib/postgres.ts";
import { formatCount, progress } from "./lib/progress.ts";
import { environment, passes, printTable, type ResultRow, writeResults } from "./lib/report.ts";
import { type BenchServer, startBenchServer } from "./lib/server.ts";

const FULL = { rows: 1_000_000 };
const QUICK = { rows: 200_000 };
/** The metadata lock's key (modules/metadata/metadata-cache.ts): every record write takes it shared. */
const METADATA_LOCK_KEY = 4_242_002;
const BATCH = 5_000;

/**
 * What making a formula stored costs a running server (ADR 0019), on the formula benchmark's deals: the same
 * formula made stored and indexed twice, once filled in the metadata transaction (the way before ADR 0019: a
 * server whose batch is bigger than the table) and once after it in batches of 5,000. A probe takes the
 * shared metadata lock every 20 ms, as each record write does, and records the longest wait: how long
 * writes stood still. Also: how long the API call took and how long until the field stopped filling.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const started = new Date();
  const scope = "backfill";
  const prepared = await prepareFormulaTemplate(sizes.rows, { rebuild: options.rebuild, scope });
  const results: ResultRow[] = [];
  const details: Record<string, unknown> = { template: prepared.template, batch: BATCH };
  for (const [mode, batchSize] of [
    ["in the metadata transaction (before)", sizes.rows + 1],
    [`in batches of ${formatCount(BATCH)} after it (ADR 0019)`, BATCH],
  ] as const) {
    // Each mode on its own clone of the template: the same table, the same indexes, nothing left by the other.
    const database = "keduo_bench_run_backfill";
    const url = await cloneDatabase(prepared.template, database);
    try {
      const server = await startBenchServer({ engine: "postgres", url }, { backfill: { batchSize } });
      try {
        const name = batchSize === BATCH ? "net_batched" : "net_inline";
        const figures = await measureStore(server, name, sizes.rows);
        details[name] = figures;
        const phase = batchSize === BATCH ? "2" : "1";
        const title = `store ${name} (${formatCount(sizes.rows)} rows) ${mode}`;
        results.push(
          row(phase, title, "metadata API call", figures.apiMs, "ADD COLUMN (+ fill, index)"),
          {
            ...row(phase, title, "rows whose stored value ≠ the formula", figures.wrong, "checked in SQL"),
            unit: "s",
            check: { ok: figures.wrong === 0, display: String(figures.wrong), expected: "0" },
          },
          row(
            phase,
            title,
            "longest wait for the shared metadata lock",
            figures.longestLockWaitMs,
            "what a record write waited",
          ),
          row(phase, title, "until every row is filled", figures.filledMs, `${figures.batches} transactions`),
        );
      } finally {
        await server.close();
      }
    } finally {
      if (options.keep) progress(scope, `kept database ${database}`);
      else await dropDatabase(database);
    }
  }
  printTable(`Keduo stored-formula backfill: ${formatCount(sizes.rows)} ${DEAL} records`, results);
  const path = writeResults("backfill", {
    benchmark: "backfill",
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { quick: options.quick },
    sizes,
    environment: environment({ postgres: await serverVersion(), cores: cpus().length }),
    results: results.map((r) => ({ ...r, pass: passes(r) })),
    details,
  });
  process.stdout.write(`\nfigures written to ${path}\n`);
  return results.every(passes);
}

const row = (phase: string, title: string, metric: string, ms: number, notes: string): ResultRow => ({
  phase,
  title,
  metric,
  value: ms,
  unit: "ms",
  target: null,
  notes,
});

async function measureStore(server: BenchServer, apiName: string, rows: number) {
  const probe = lockProbe(server);
  const started = performance.now();
  const field = await server.api.expect<{ id: string; filling: boolean }>(
    "POST",
    `/api/meta/objects/${DEAL}/fields`,
    {
      api_name: apiName,
      type: "formula",
      labels: { "zh-CN": apiName, en: apiName },
      indexed: true,
      config: { expression: FORMULAS.net_amount.expression, stored: true },
    },
    201,
  );
  const apiMs = performance.now() - started;
  progress(
    "backfill",
    `${apiName}: metadata change committed in ${(apiMs / 1000).toFixed(1)} s, filling ${field.filling}`,
  );
  await server.keduo.backfills.idle();
  const filledMs = performance.now() - started;
  const longestLockWaitMs = await probe.stop();
  const wrong = await rowsDifferingFromTheFormula(server, apiName);
  progress(
    "backfill",
    `${apiName}: filled in ${(filledMs / 1000).toFixed(1)} s; longest lock wait ${longestLockWaitMs.toFixed(0)} ms; ${wrong} rows wrong`,
  );
  return { apiMs, filledMs, longestLockWaitMs, batches: field.filling ? Math.ceil(rows / BATCH) : 1, wrong };
}

/** Rows whose stored value is not what the formula computes from the row (the read path's own SQL). */
async function rowsDifferingFromTheFormula(server: BenchServer, apiName: string): Promise<number> {
  const { db, schemas } = server.database;
  const snapshot = await loadSnapshot(db);
  const field = snapshot.objects.get(DEAL)?.fields.find((f) => f.apiName === apiName);
  if (!field) throw new Error(`no field ${apiName}`);
  const expected = formulaFieldSql({
    snapshot,
    schemas,
    field,
    alias: "s",
    context: { now: new Date(0), today: "1970-01-01", timeZone: "UTC" },
  });
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM ${sql.id(schemas.workspace, DEAL)} AS s
    WHERE s.${sql.id(apiName)} IS DISTINCT FROM ${expected}`.execute(db);
  return rows[0]?.n ?? -1;
}

/** Takes and releases the shared metadata lock in a loop, like record writes, and keeps the longest wait. */
function lockProbe(server: BenchServer) {
  let running = true;
  let longest = 0;
  const done = (async () => {
    const client = await server.database.pool.connect();
    try {
      while (running) {
        const started = performance.now();
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock_shared($1)", [METADATA_LOCK_KEY]);
        await client.query("COMMIT");
        longest = Math.max(longest, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      client.release();
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return longest;
    },
  };
}
