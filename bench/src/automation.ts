import { describeLoad, sampleMachine, waitForOtherBenchmarks } from "./access/machine.ts";
import { eventsPhase } from "./automation/events-phase.ts";
import { scanPhase } from "./automation/scan-phase.ts";
import { timersPhase } from "./automation/timers-phase.ts";
import type { AutomationContext, AutomationSizes } from "./automation/world.ts";
import { type BenchOptions, wants } from "./lib/options.ts";
import { progress } from "./lib/progress.ts";
import { type QuietResult, waitForQuietMachine } from "./lib/quiet.ts";
import { passes, printTable } from "./lib/report.ts";
import { saveRun } from "./lib/run-record.ts";

const FULL: AutomationSizes = {
  timers: 10_000,
  rate: 50,
  paceSeconds: 30,
  scanRows: 1_000_000,
  newlyDue: 100,
  scans: 5,
};

const QUICK: AutomationSizes = {
  timers: 500,
  rate: 50,
  paceSeconds: 4,
  scanRows: 20_000,
  newlyDue: 100,
  scans: 3,
};

const PHASES: Array<{ id: string; title: string; run(ctx: AutomationContext): Promise<void> }> = [
  { id: "1", title: "reminders due in the same minute → notified and mailed", run: timersPhase },
  { id: "2", title: "record created → automation done, at a steady rate", run: eventsPhase },
  { id: "3", title: "one due-scan of the date-relative automations over a big object", run: scanPhase },
];

/**
 * Issue 17's automation figures on PostgreSQL: 10,000 timers due in the same minute fire (in-app and email
 * through a real SMTP server) within 60 s; record event → action done p95 ≤ 1 s at 50 events/s; one due-scan
 * of every enabled date-relative automation over 1,000,000 records ≤ 1 s, with and without an index.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const ctx: AutomationContext = {
    sizes,
    quick: options.quick,
    keep: options.keep,
    results: [],
    details: {},
  };
  const started = new Date();
  const selected = PHASES.filter((phase) => wants(options, phase.id));
  if (selected.length === 0)
    throw new Error(`--only matches none of the phases ${PHASES.map((p) => p.id).join(", ")}`);
  const quiet = await waitForOtherBenchmarks("automation", options.quick ? 60 : 300);
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
    `Keduo automation benchmark (issue 17)${options.quick ? " (--quick: smaller sizes, smoke check only)" : ""}`,
    ctx.results,
  );
  const path = await saveRun({
    name: "automation",
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
