import { describeLoad, sampleMachine, waitForOtherBenchmarks } from "./access/machine.ts";
import { pgliteIdlePollingPhase, timersPhase } from "./events/background-phases.ts";
import { bulkDrainPhase, type EventContext, type EventSizes, latencyPhase } from "./events/event-phases.ts";
import { type BenchOptions, wants } from "./lib/options.ts";
import { progress } from "./lib/progress.ts";
import { type QuietResult, waitForQuietMachine } from "./lib/quiet.ts";
import { passes, printTable } from "./lib/report.ts";
import { saveRun } from "./lib/run-record.ts";

const FULL: EventSizes = {
  bulkCalls: 100,
  bulkSize: 1000,
  paceSeconds: 20,
  rate: 100,
  timers: 10_000,
  listRequests: 1000,
  listRows: 10_000,
};

const QUICK: EventSizes = {
  bulkCalls: 10,
  bulkSize: 1000,
  paceSeconds: 5,
  rate: 100,
  timers: 1000,
  listRequests: 200,
  listRows: 2000,
};

const PHASES: Array<{ id: string; title: string; run(ctx: EventContext): Promise<void> }> = [
  { id: "1", title: "bulk writes drained by a consumer (PostgreSQL)", run: bulkDrainPhase },
  {
    id: "2",
    title: "commit → consumer at 100 writes/s (PostgreSQL)",
    run: (ctx) => latencyPhase(ctx, "2", "postgres", 250),
  },
  {
    id: "3",
    title: "commit → consumer at 100 writes/s (PGlite)",
    run: (ctx) => latencyPhase(ctx, "3", "pglite", 1000),
  },
  { id: "4", title: "10,000 timers due at once (PostgreSQL)", run: timersPhase },
  { id: "5", title: "PGlite list with the background idle-polling", run: pgliteIdlePollingPhase },
];

/** The events relay, timers and the job queue (ADR 0017, 0018). Returns whether every target was met. */
export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const ctx: EventContext = { sizes, results: [], details: {} };
  const started = new Date();
  const selected = PHASES.filter((phase) => wants(options, phase.id));
  if (selected.length === 0)
    throw new Error(`--only matches none of the phases ${PHASES.map((p) => p.id).join(", ")}`);
  const quiet = await waitForOtherBenchmarks("events", options.quick ? 60 : 300);
  const load: Record<string, unknown> = {};
  const calm: Record<string, QuietResult> = {};
  for (const phase of selected) {
    progress(phase.id, `— phase ${phase.id}: ${phase.title} —`);
    calm[phase.id] = await waitForQuietMachine(phase.id, {
      maxSeconds: options.quick ? 10 : 60,
      busyBelow: 35,
    });
    const stop = sampleMachine();
    await phase.run(ctx);
    const sampled = stop();
    load[phase.id] = sampled;
    progress(phase.id, describeLoad(sampled));
  }
  printTable(
    `Keduo events benchmark${options.quick ? " (--quick: smaller sizes, smoke check only)" : ""}`,
    ctx.results,
  );
  const path = await saveRun({
    name: "events",
    started,
    options,
    sizes,
    quiet,
    calm,
    load,
    results: ctx.results,
    details: ctx.details,
  });
  const failed = ctx.results.filter((row) => !passes(row)).length;
  process.stdout.write(
    `\n${failed ? `${failed} target(s) missed` : "all targets met"}; figures written to ${path}\n`,
  );
  return failed === 0;
}
