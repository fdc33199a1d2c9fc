import type pg from "pg";
import { createDeals, createDirectusLayout, DIRECTUS_LIST, LIST_PATH, OBJECT } from "./lib/deals.ts";
import type { BenchOptions } from "./lib/options.ts";
import { createDatabase, databaseUrl, dropDatabase } from "./lib/postgres.ts";
import { formatCount, progress } from "./lib/progress.ts";
import { type QuietResult, waitForQuietMachine } from "./lib/quiet.ts";
import { passes, printTable, type ResultRow } from "./lib/report.ts";
import { saveRun } from "./lib/run-record.ts";
import { type BenchServer, startBenchServer } from "./lib/server.ts";
import { describeStats, type LatencyStats, summarize } from "./lib/stats.ts";

/**
 * Issue 19 item 2, leaner rows: bytes per row and the unindexed list of a 10-field `deals` object, created
 * through the metadata API, against the same data in a Directus-layout table (integer id, the 10 columns in
 * Directus's usual types) and in Keduo's previous layout (whole numbers as numeric). ADR 0037.
 */
const DATABASE = "keduo_bench_rows";
const FULL = { rows: 1_000_000, warmup: 5, requests: 40 };
const QUICK = { rows: 100_000, warmup: 3, requests: 15 };

interface TableSize {
  table: string;
  heapPerRow: number;
  totalPerRow: number;
}

/** Keduo's table, Keduo's layout before ADR 0037 (whole numbers numeric) and Directus's, all analyzed. */
async function seed(server: BenchServer, rows: number) {
  const { pool, schemas } = server.database;
  const ws = schemas.workspace;
  await createDeals(server, rows);
  await pool.query(`CREATE TABLE "${ws}".deals_before (LIKE "${ws}".${OBJECT} INCLUDING ALL)`);
  await pool.query(
    `ALTER TABLE "${ws}".deals_before ALTER amount TYPE numeric, ALTER probability TYPE numeric`,
  );
  await pool.query(`INSERT INTO "${ws}".deals_before SELECT * FROM "${ws}".${OBJECT}`);
  await pool.query(`VACUUM (ANALYZE) "${ws}".deals_before`);
  await createDirectusLayout(pool, rows);
}

async function sizeOf(pool: pg.Pool, table: string, label: string, rows: number): Promise<TableSize> {
  const { rows: found } = await pool.query<{ heap: string; total: string }>(
    "SELECT pg_relation_size($1::regclass) AS heap, pg_total_relation_size($1::regclass) AS total",
    [table],
  );
  return {
    table: label,
    heapPerRow: Number(found[0]?.heap) / rows,
    totalPerRow: Number(found[0]?.total) / rows,
  };
}

async function timeSql(pool: pg.Pool, text: string, values: readonly unknown[]): Promise<number> {
  const started = performance.now();
  await pool.query(text, values as unknown[]);
  return performance.now() - started;
}

export async function run(opts: BenchOptions): Promise<boolean> {
  const sizes = opts.quick ? QUICK : FULL;
  const started = new Date();
  await dropDatabase(DATABASE);
  await createDatabase(DATABASE);
  // The advisor must not index the table mid-run: these figures are the unindexed state a new user has.
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
    await seed(server, sizes.rows);
    progress(
      "1",
      `${formatCount(sizes.rows)} rows in three tables in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`,
    );

    const tables = [
      await sizeOf(pool, `"${ws}".${OBJECT}`, "keduo (bigint whole numbers)", sizes.rows),
      await sizeOf(pool, `"${ws}".deals_before`, "keduo before (numeric)", sizes.rows),
      await sizeOf(pool, "directus_layout.deals", "directus layout", sizes.rows),
    ];
    details.sizes = tables;
    const directus = tables[2]!;
    for (const size of tables) {
      progress(
        "1",
        `${size.table}: heap ${size.heapPerRow.toFixed(1)} B/row, with indexes ${size.totalPerRow.toFixed(1)} B/row`,
      );
      const ratio = size.heapPerRow / directus.heapPerRow;
      const bytes = `${size.heapPerRow.toFixed(1)} B (${ratio.toFixed(2)}×)`;
      results.push({
        phase: "1",
        title: `${size.table}, ${formatCount(sizes.rows)} rows`,
        metric: "heap per row",
        value: size.heapPerRow / 1024,
        unit: "KB",
        target: null,
        notes: `${bytes}; with indexes ${size.totalPerRow.toFixed(1)} B/row`,
        ...(size === tables[0]
          ? { check: { ok: ratio <= 1.25, display: bytes, expected: "≤ 1.25× directus" } }
          : {}),
      });
    }

    // The list's own SQL, captured from a real request, replayed on Keduo's table and its previous layout.
    const [captured] = (
      await server.capture.during(
        async () => void (await server.api.expect("GET", LIST_PATH, undefined, 200)),
      )
    ).filter((q) => q.sql.includes(`"${ws}"."${OBJECT}"`));
    if (!captured) throw new Error("no list statement captured");
    const beforeSql = captured.sql.replaceAll(`"${ws}"."${OBJECT}"`, `"${ws}"."deals_before"`);
    details.listSql = captured.sql;
    calm["2"] = await waitForQuietMachine("2", { maxSeconds: 120, busyBelow: 40 });
    const cases: Array<[string, () => Promise<number>]> = [
      [
        "API list (keduo)",
        async () => {
          const t = performance.now();
          await server.api.expect("GET", LIST_PATH, undefined, 200);
          return performance.now() - t;
        },
      ],
      ["same SQL, keduo table", () => timeSql(pool, captured.sql, captured.parameters)],
      ["same SQL, keduo before (numeric)", () => timeSql(pool, beforeSql, captured.parameters)],
      ["directus layout SQL", () => timeSql(pool, DIRECTUS_LIST, [])],
      [
        "sum(amount) by status, keduo",
        () =>
          timeSql(
            pool,
            `SELECT status, sum(amount) FROM "${ws}".${OBJECT} WHERE deleted_at IS NULL GROUP BY status`,
            [],
          ),
      ],
      [
        "sum(amount) by status, before",
        () =>
          timeSql(
            pool,
            `SELECT status, sum(amount) FROM "${ws}".deals_before WHERE deleted_at IS NULL GROUP BY status`,
            [],
          ),
      ],
      [
        "sum(amount) by status, directus",
        () => timeSql(pool, "SELECT status, sum(amount) FROM directus_layout.deals GROUP BY status", []),
      ],
    ];
    const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
    for (let i = 0; i < sizes.warmup + sizes.requests; i++)
      for (const [name, measure] of cases) {
        const ms = await measure();
        if (i >= sizes.warmup) samples.get(name)!.push(ms);
      }
    const stats = new Map<string, LatencyStats>(
      [...samples].map(([name, values]) => [name, summarize(values)]),
    );
    details.latency = Object.fromEntries(stats);
    const directusList = stats.get("directus layout SQL")!;
    for (const [name, stat] of stats) {
      progress("2", `${name}: ${describeStats(stat)}`);
      results.push({
        phase: "2",
        title: `${name}, ${formatCount(sizes.rows)} rows, no index`,
        metric: "p95",
        value: stat.p95,
        unit: "ms",
        target: name === "same SQL, keduo table" ? directusList.p95 * 1.25 : null,
        notes: `p50 ${stat.p50.toFixed(1)} ms`,
      });
    }
  } finally {
    await server.close();
    if (!opts.keep) await dropDatabase(DATABASE);
  }
  printTable(`leaner rows (${formatCount(sizes.rows)} deals)`, results);
  const path = await saveRun({
    name: "rows",
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
