import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { applyTemplateOnFirstStart } from "../../apps/server/src/modules/templates/index.ts";
import {
  boardRequests,
  loadBoard,
  overviewPath,
  requestStatements,
  sample,
  slowest,
  statsNote,
  timed,
} from "./crm/phases.ts";
import { FULL_SIZES, QUICK_SIZES } from "./crm/sizes.ts";
import { measuredAccounts, prepareCrmTemplate } from "./crm/template.ts";
import { cloneDatabase } from "./lib/data-generator.ts";
import { type BenchOptions, wants } from "./lib/options.ts";
import { dropDatabase } from "./lib/postgres.ts";
import { formatCount, progress } from "./lib/progress.ts";
import { type QuietResult, waitForQuietMachine } from "./lib/quiet.ts";
import { passes, printTable, type ResultRow } from "./lib/report.ts";
import { saveRun } from "./lib/run-record.ts";
import { type BenchServer, startBenchServer } from "./lib/server.ts";
import { describeStats } from "./lib/stats.ts";

const SCOPE = "crm";
const FULL = { requests: 60, boards: 40, warmup: 5 };
const QUICK = { requests: 20, boards: 15, warmup: 3 };
const TARGETS = { overview: 100, board: 200, template: 10_000 };

type Runs = typeof FULL;
type Context = {
  server: BenchServer;
  runs: Runs;
  options: BenchOptions;
  results: ResultRow[];
  details: Record<string, unknown>;
  calm: Record<string, QuietResult>;
};

const row = (
  phase: string,
  title: string,
  metric: string,
  value: number,
  target: number | null,
  notes = "",
) => ({ phase, title, metric, value, unit: "ms", target, notes }) satisfies ResultRow;

async function quiet(ctx: Context, phase: string) {
  ctx.calm[phase] = await waitForQuietMachine(SCOPE, {
    maxSeconds: ctx.options.quick ? 20 : 120,
    busyBelow: 35,
  });
}

/** Phase 1: the account's 360 for the account with 1,000 related records and the one with 10. */
async function overviewPhase(ctx: Context) {
  const { server, runs, results, details } = ctx;
  const { big, small } = await measuredAccounts(server.database.pool, server.database.schemas.workspace);
  const counts: Record<string, number> = {};
  for (const [name, id] of [
    ["small", small],
    ["big", big],
  ] as const) {
    // Warm first: the first call after a start also loads the metadata and overview definitions.
    for (let i = 0; i < 2; i++) await timed(server.api, "GET", overviewPath(id));
    const statements = await requestStatements(server, async () => {
      await timed(server.api, "GET", overviewPath(id));
    });
    counts[name] = statements.length;
    if (name === "big") {
      const answer = await server.api.expect<{ sections: Array<{ key: string; total: number }> }>(
        "GET",
        overviewPath(id),
        undefined,
        200,
      );
      details.bigSections = Object.fromEntries(answer.sections.map((s) => [s.key, s.total]));
      const slow = await slowest(server, statements, 3);
      details.bigStatements = slow.lines.split("\n");
      details.bigPlans = slow.plans;
    }
  }
  progress("1", `statements: 10 related ${counts.small}, 1,000 related ${counts.big}`);
  details.statementCounts = counts;
  for (const [name, id, target] of [
    ["1,000 related records", big, TARGETS.overview],
    ["10 related records", small, null],
  ] as const) {
    await quiet(ctx, name === "10 related records" ? "1b" : "1");
    const stats = await sample(runs.requests, runs.warmup, () => timed(server.api, "GET", overviewPath(id)));
    progress("1", `360 of the account with ${name}: ${describeStats(stats)}`);
    results.push(
      row(
        target ? "1" : "1b",
        `GET /api/records/account/{id}/360, ${name}`,
        "p95",
        stats.p95,
        target,
        statsNote(stats),
      ),
    );
  }
  results.push({
    ...row("1c", "SQL statements of one 360 call", "10 vs 1,000 related", 0, null),
    check: {
      ok: counts.small === counts.big,
      display: `${counts.small} vs ${counts.big}`,
      expected: "the same count",
    },
    notes: "select/insert/update/delete on the request's connection, background polling left out",
  });
}

/** Phase 2: the kanban of the default (sales) pipeline: the whole load at once, then each part alone. */
async function boardPhase(ctx: Context) {
  const { server, runs, results, details } = ctx;
  const board = await boardRequests(server.api, "opportunity", "close_date");
  const totals = await server.api.expect<{
    groups: Array<{ key: { stage: string }; values: { count: number } }>;
  }>("POST", board.aggregate.path, board.aggregate.body, 200);
  details.boardCounts = Object.fromEntries(totals.groups.map((g) => [g.key.stage, g.values.count]));
  details.boardRequests = [board.aggregate, ...board.columns.map((c) => c.path)];
  await quiet(ctx, "2");
  const whole = await sample(runs.boards, runs.warmup, () => loadBoard(server.api, board));
  progress("2", `board load (${board.columns.length + 1} requests at once): ${describeStats(whole)}`);
  results.push(
    row(
      "2",
      `kanban: aggregate + ${board.columns.length} stage pages at once (${formatCount(
        Object.entries(details.boardCounts as Record<string, number>)
          .filter(([stage]) => stage !== "won" && stage !== "lost")
          .reduce((sum, [, n]) => sum + n, 0),
      )} open)`,
      "p95 wall time",
      whole.p95,
      TARGETS.board,
      statsNote(whole),
    ),
  );
  await quiet(ctx, "2b");
  const aggregate = await sample(runs.requests, runs.warmup, () =>
    timed(server.api, "POST", board.aggregate.path, board.aggregate.body),
  );
  results.push(
    row("2b", "kanban part: the aggregate alone", "p95", aggregate.p95, null, statsNote(aggregate)),
  );
  const perStage: Record<string, number> = {};
  for (const column of board.columns) {
    const stats = await sample(Math.ceil(runs.requests / 3), 2, () => timed(server.api, "GET", column.path));
    perStage[column.stage] = stats.p95;
  }
  details.stagePageP95 = perStage;
  const [worst, worstMs] = Object.entries(perStage).sort((a, b) => b[1] - a[1])[0]!;
  results.push(
    row(
      "2c",
      "kanban part: one stage's first page alone",
      "slowest stage p95",
      worstMs,
      null,
      `stage ${worst}`,
    ),
  );
  const aggregateStatements = await requestStatements(server, async () => {
    await timed(server.api, "POST", board.aggregate.path, board.aggregate.body);
  });
  const listStatements = await requestStatements(server, async () => {
    await timed(server.api, "GET", board.columns.find((c) => c.stage === worst)!.path);
  });
  details.aggregatePlans = (await slowest(server, aggregateStatements, 1)).plans;
  details.slowestStagePlans = (await slowest(server, listStatements, 2)).plans;
}

/** Phase 3: templates/crm on the first start of an empty PGlite installation (as bench/src/template.ts). */
async function templatePhase(options: BenchOptions, results: ResultRow[]) {
  const dataDir = mkdtempSync(join(tmpdir(), "keduo-bench-crm-template-"));
  try {
    const server = await startBenchServer({ engine: "pglite", dataDir });
    try {
      const started = performance.now();
      const plan = await applyTemplateOnFirstStart(server.keduo, "crm");
      const ms = performance.now() - started;
      results.push({
        ...row("3", "templates/crm on the first start (PGlite)", "apply", ms, TARGETS.template),
        notes: plan ? `${plan.summary.create} created` : "NOT APPLIED",
        ...(plan ? {} : { check: { ok: false, display: "not applied", expected: "applied" } }),
      });
    } finally {
      await server.close();
    }
  } finally {
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Issue 16's performance acceptance on PostgreSQL: the account 360 in a database of ~1,000,000 CRM records,
 * the sales kanban over 10,000 open opportunities, and the CRM template applied on a first start (PGlite).
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const started = new Date();
  const sizes = options.quick ? QUICK_SIZES : FULL_SIZES;
  const runs = options.quick ? QUICK : FULL;
  const results: ResultRow[] = [];
  const calm: Record<string, QuietResult> = {};
  const details: Record<string, unknown> = {};
  const load: Record<string, unknown> = { loadavgBefore: loadavg() };
  if (wants(options, "1") || wants(options, "2")) {
    const template = await prepareCrmTemplate(sizes, { rebuild: options.rebuild, scope: SCOPE });
    Object.assign(details, { template: template.template, records: template.records });
    if (template.built) {
      details.buildSteps = template.steps;
      results.push({
        ...row(
          "0",
          `data set: ${formatCount(template.records)} records (built, cached as a template)`,
          "build",
          0,
          null,
        ),
        value: template.buildSeconds,
        unit: "s",
      });
    }
    const database = "keduo_bench_run_crm";
    const url = await cloneDatabase(template.template, database);
    try {
      const server = await startBenchServer({ engine: "postgres", url });
      const ctx: Context = { server, runs, options, results, details, calm };
      try {
        if (wants(options, "1")) await overviewPhase(ctx);
        if (wants(options, "2")) await boardPhase(ctx);
      } finally {
        await server.close();
      }
    } finally {
      if (options.keep) progress(SCOPE, `kept database ${database}`);
      else await dropDatabase(database);
    }
  }
  if (wants(options, "3")) await templatePhase(options, results);
  load.loadavgAfter = loadavg();
  printTable(`Keduo CRM benchmark (issue 16): ${formatCount(Number(details.records ?? 0))} records`, results);
  const path = await saveRun({
    name: "crm",
    started,
    options,
    sizes,
    quiet: null,
    calm,
    load,
    results,
    details,
  });
  const failed = results.filter((r) => !passes(r)).length;
  process.stdout.write(
    `\n${failed ? `${failed} target(s) missed` : "all targets met"}; figures written to ${path}\n`,
  );
  return failed === 0;
}
