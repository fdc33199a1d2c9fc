import { cpus } from "node:os";
import { listRequests, OBJECT } from "./access/dataset.ts";
import { describeLoad, type MachineLoad } from "./access/machine.ts";
import { captureQueries, countVisible, type Principal, signIn } from "./access/measure.ts";
import { PRINCIPALS } from "./access/org.ts";
import { apiPhase, explainPhase, type PhaseContext, sqlPhase } from "./access/phases.ts";
import { prepareAccessTemplate } from "./access/template.ts";
import { cloneDatabase } from "./lib/data-generator.ts";
import { type BenchOptions, wants } from "./lib/options.ts";
import { dropDatabase, serverVersion } from "./lib/postgres.ts";
import { formatCount, progress } from "./lib/progress.ts";
import { environment, passes, printTable, writeResults } from "./lib/report.ts";
import { startBenchServer } from "./lib/server.ts";

const FULL = { rows: 1_000_000, warmup: 50, requests: 400 };
const QUICK = { rows: 100_000, warmup: 20, requests: 100 };

// Phase 3 runs first: its plans are those the timed phases will run.
const PHASES: Array<{ id: string; title: string; run(ctx: PhaseContext): Promise<void> }> = [
  { id: "3", title: "EXPLAIN (ANALYZE, BUFFERS) of the list query per principal", run: explainPhase },
  { id: "1", title: "API list latency per principal", run: apiPhase },
  { id: "2", title: "the same SQL replayed over pg", run: sqlPhase },
];

/**
 * Record-level access on the list path (issue 5): 1M opportunities of a private object, 200 users in 20
 * departments with three levels of managers, 20 sharing rules and a few hundred manual shares, all made through
 * the API. The admin, a rep, a team lead, a regional manager and the director ask for the same filtered and
 * sorted page of 50, one request at a time. Returns whether every target was met.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const started = new Date();
  const selected = PHASES.filter((phase) => wants(options, phase.id));
  if (selected.length === 0)
    throw new Error(`--only matches none of the phases ${PHASES.map((p) => p.id).join(", ")}`);
  const scope = "access";
  const template = await prepareAccessTemplate(sizes.rows, { rebuild: options.rebuild, scope });
  const database = "keduo_bench_run_access";
  const cloneStarted = performance.now();
  const url = await cloneDatabase(template.template, database);
  progress(scope, `cloned → ${database} in ${((performance.now() - cloneStarted) / 1000).toFixed(1)} s`);
  const { plan } = template;
  const details: Record<string, unknown> = {
    template: {
      key: template.key,
      template: template.template,
      built: template.built,
      buildSeconds: template.buildSeconds,
    },
    organisation: {
      departments: plan.departments.length,
      users: plan.users.length,
      rules: plan.rules,
      shares: plan.shares,
      measured: PRINCIPALS,
    },
  };
  const ctx: Omit<PhaseContext, "server" | "principals" | "paths"> = {
    // Waiting for other benchmark runs and a calm machine, in all: the run must end in about a quarter hour.
    waitBudget: { seconds: options.quick ? 120 : 480 },
    options,
    sizes,
    results: [],
    details,
  };
  try {
    const server = await startBenchServer({ engine: "postgres", url });
    try {
      const paths = listRequests();
      const principals: Principal[] = [];
      for (const base of await signIn(server, plan, PRINCIPALS)) {
        const visible = await countVisible(base.client);
        const captured = await captureQueries(server, base.client, paths);
        principals.push({ ...base, visible, visibleShare: visible / sizes.rows, ...captured });
        progress(
          scope,
          `${base.name.padEnd(8)} sees ${formatCount(visible)} records (${((100 * visible) / sizes.rows).toFixed(1)} %), ` +
            `${captured.queriesPerRequest} queries per list request`,
        );
      }
      details.principals = principals.map(({ name, email, visible, visibleShare, queriesPerRequest }) => ({
        name,
        email,
        visible,
        visibleShare,
        queriesPerRequest,
      }));
      for (const phase of selected) {
        progress(phase.id, `— phase ${phase.id}: ${phase.title} —`);
        await phase.run({ ...ctx, server, principals, paths });
      }
    } finally {
      await server.close();
    }
  } finally {
    if (options.keep) progress(scope, `kept database ${database}`);
    else await dropDatabase(database);
  }

  const results = [...ctx.results].sort((a, b) => a.phase.localeCompare(b.phase));
  printTable(
    `Keduo access benchmark: ${formatCount(sizes.rows)} ${OBJECT} records, private${
      options.quick ? " (--quick: smaller sizes, smoke check only)" : ""
    }`,
    results,
  );
  for (const phase of ["1", "2"]) {
    const machine = (details[phase === "1" ? "api" : "sqlReplay"] as { machine?: MachineLoad } | undefined)
      ?.machine;
    if (machine) process.stdout.write(`phase ${phase}: ${describeLoad(machine)}\n`);
  }
  const path = writeResults("access", {
    benchmark: "access",
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { quick: options.quick, only: options.only ? [...options.only] : null },
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
