import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BusinessCalendar } from "@keduo/core";
import { readChineseDays } from "../../apps/server/src/modules/calendar/chinese-days-source.ts";
import { WorkingCalendarService } from "../../apps/server/src/modules/calendar/index.ts";
import type { BenchOptions } from "./lib/options.ts";
import { createDatabase, databaseUrl, dropDatabase, serverVersion } from "./lib/postgres.ts";
import { progress } from "./lib/progress.ts";
import { environment, passes, printTable, type ResultRow, writeResults } from "./lib/report.ts";
import { type BenchServer, type BenchTarget, startBenchServer } from "./lib/server.ts";
import { summarize } from "./lib/stats.ts";

/**
 * The working calendar (ADR 0031): what loading it from the database costs on each engine — the first start's
 * load of the official days, a rebuild after an edit, a cached load — and what the business-day arithmetic the
 * automation engine's due-scans run costs in Node, a million calls at a time.
 */
const FULL = { loads: 50, calls: 1_000_000 };
const QUICK = { loads: 10, calls: 100_000 };
const TARGETS = { firstStartMs: 200, rebuildMs: 20, cachedMs: 5, millionCallsMs: 1_000 };

const scope = "calendar";

async function timeIt(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function measureLoads(server: BenchServer, engine: string, loads: number): Promise<ResultRow[]> {
  const { database } = server.keduo;
  const official = readChineseDays;
  const fresh = () => new WorkingCalendarService({ database, clock: server.keduo.clock, official });
  // The first start's load, again: every official day deleted and its years forgotten, then loaded.
  const firstStart: number[] = [];
  for (let i = 0; i < Math.min(loads, 10); i++) {
    const system = `"${database.schemas.system}"`;
    await database.pool.query(`DELETE FROM ${system}.calendar_days`);
    await database.pool.query(`UPDATE ${system}.settings SET value = $1 WHERE key = 'working_calendar'`, [
      JSON.stringify({ revision: `reset-${i}`, loaded_years: [] }),
    ]);
    firstStart.push(await timeIt(() => fresh().loadOfficialYears()));
  }
  const rebuild: number[] = [];
  for (let i = 0; i < loads; i++) rebuild.push(await timeIt(() => fresh().load(database.db)));
  const service = fresh();
  await service.load(database.db);
  const cached: number[] = [];
  for (let i = 0; i < loads * 4; i++) cached.push(await timeIt(() => service.load(database.db)));
  const days = readChineseDays().days.length;
  const row = (id: string, title: string, samples: number[], target: number, notes: string): ResultRow => ({
    phase: engine === "pglite" ? "1" : "2",
    title: `${title} (${engine})`,
    metric: "p50",
    value: summarize(samples).p50,
    unit: "ms",
    target,
    notes: `${id}; p95 ${summarize(samples).p95.toFixed(2)} ms, n=${samples.length}; ${notes}`,
  });
  return [
    row(
      "first start",
      "load the official days",
      firstStart,
      TARGETS.firstStartMs,
      `${days} days, one INSERT`,
    ),
    row("rebuild", "load after an edit", rebuild, TARGETS.rebuildMs, "revision + every set day + build"),
    row("cached", "load, nothing changed", cached, TARGETS.cachedMs, "the revision query only"),
  ];
}

/** Dates spread over 2020–2030 and offsets within ±60 business days, drawn once so every call is the same work. */
function inputs(calls: number): { dates: string[]; offsets: number[] } {
  let seed = 20_261_001;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const start = Date.UTC(2020, 0, 1);
  const dates = Array.from({ length: 4096 }, () =>
    new Date(start + Math.floor(next() * 4018) * 86_400_000).toISOString().slice(0, 10),
  );
  return { dates, offsets: Array.from({ length: calls }, () => Math.round(next() * 120) - 60) };
}

function measureArithmetic(calendar: BusinessCalendar, calls: number): ResultRow[] {
  const { dates, offsets } = inputs(calls);
  const cases: Array<[string, (i: number) => unknown, number | null]> = [
    [
      "addBusinessDays",
      (i) => calendar.addBusinessDays(dates[i & 4095]!, offsets[i]!),
      TARGETS.millionCallsMs,
    ],
    ["datesShiftedTo", (i) => calendar.datesShiftedTo(dates[i & 4095]!, offsets[i]!), TARGETS.millionCallsMs],
    ["isWorkingDay", (i) => calendar.isWorkingDay(dates[i & 4095]!), null],
    [
      "businessDaysBetween",
      (i) => calendar.businessDaysBetween(dates[i & 4095]!, dates[(i * 7) & 4095]!),
      null,
    ],
  ];
  return cases.map(([name, call, target]) => {
    for (let i = 0; i < 10_000; i++) call(i % calls);
    const started = performance.now();
    let sink = 0;
    for (let i = 0; i < calls; i++) sink += call(i) ? 1 : 0;
    const ms = performance.now() - started;
    return {
      phase: "3",
      title: `${calls.toLocaleString("en-US")} × ${name}`,
      metric: "total",
      value: ms,
      unit: "ms",
      // The target is for a million calls; --quick runs fewer and scales it.
      target: target === null ? null : (target * calls) / 1_000_000,
      notes: `${((ms * 1e6) / calls).toFixed(0)} ns a call; ${calendar.exceptionCount} exceptions (${sink > 0 ? "ok" : "?"})`,
    };
  });
}

async function onEngine<T>(target: BenchTarget, work: (server: BenchServer) => Promise<T>): Promise<T> {
  const server = await startBenchServer(target);
  try {
    return await work(server);
  } finally {
    await server.close();
  }
}

export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const started = new Date();
  const results: ResultRow[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), "keduo-bench-calendar-"));
  let calendar: BusinessCalendar | null = null;
  try {
    progress(scope, "PGlite");
    await onEngine({ engine: "pglite", dataDir }, async (server) => {
      results.push(...(await measureLoads(server, "pglite", sizes.loads)));
      calendar = await server.keduo.calendar.load(server.database.db);
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const database = "keduo_bench_calendar";
  progress(scope, "PostgreSQL");
  await dropDatabase(database);
  await createDatabase(database);
  try {
    await onEngine({ engine: "postgres", url: databaseUrl(database) }, async (server) => {
      results.push(...(await measureLoads(server, "postgres", sizes.loads)));
    });
  } finally {
    if (!options.keep) await dropDatabase(database);
  }
  progress(scope, "arithmetic");
  if (calendar) results.push(...measureArithmetic(calendar, sizes.calls));
  printTable(`Keduo working calendar${options.quick ? " (--quick)" : ""}`, results);
  const path = writeResults(scope, {
    benchmark: scope,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { quick: options.quick },
    sizes,
    environment: environment({ postgres: await serverVersion() }),
    results: results.map((row) => ({ ...row, pass: row.target === null ? null : passes(row) })),
  });
  const failed = results.filter((row) => !passes(row)).length;
  process.stdout.write(
    `\n${failed ? `${failed} target(s) missed` : "all targets met"}; figures written to ${path}\n`,
  );
  return failed === 0;
}
