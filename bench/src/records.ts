// Generic, written for the access benchmark; it belongs in lib/ (moving it is for the access benchmark's owner).
import { describeLoad, sampleMachine, waitForOtherBenchmarks } from "./access/machine.ts";
import { type BenchOptions, wants } from "./lib/options.ts";
import { progress } from "./lib/progress.ts";
import { type QuietResult, waitForQuietMachine } from "./lib/quiet.ts";
import { passes, printTable } from "./lib/report.ts";
import { saveRun } from "./lib/run-record.ts";
import { leadListPhase, pgliteListPhase } from "./records/list-phases.ts";
import type { PhaseContext, Sizes } from "./records/phase.ts";
import { relationPhase } from "./records/relation-phase.ts";
import { bulkPhase, createPhase } from "./records/write-phases.ts";

const FULL: Sizes = {
  leads: 100_000,
  bigLeads: 1_000_000,
  deals: { deals: 1_000_000, accounts: 10_000, campaigns: 1_000 },
  pgliteLeads: 100_000,
  // V8 optimises the server's request path over the first thousand or so calls (p50 of calls 300–800 measured
  // 3.5–4.4 ms, of calls 2,000–2,500 2.4–2.9 ms on the same build); a running server is long past that.
  warmup: 2_000,
  requests: 500,
  bulkCalls: 100,
  bulkSize: 1_000,
};

const QUICK: Sizes = {
  leads: 10_000,
  bigLeads: 100_000,
  deals: { deals: 100_000, accounts: 1_000, campaigns: 100 },
  pgliteLeads: 10_000,
  warmup: 50,
  requests: 100,
  bulkCalls: 10,
  bulkSize: 1_000,
};

const PHASES: Array<{ id: string; title: string; run(ctx: PhaseContext): Promise<void> }> = [
  { id: "1", title: "list, two filters + sort", run: (ctx) => leadListPhase(ctx, "1", ctx.sizes.leads) },
  { id: "2", title: "single create vs. raw insert", run: createPhase },
  { id: "3", title: "bulk insert through the API", run: bulkPhase },
  { id: "4", title: "list on the big table", run: (ctx) => leadListPhase(ctx, "4", ctx.sizes.bigLeads) },
  { id: "5", title: "list + expand vs. its own SQL", run: relationPhase },
  { id: "6", title: "list on PGlite", run: pgliteListPhase },
];

/**
 * The records workload: list latency on 100k and 1M rows, single and bulk creates, a relation expand against
 * its own SQL, and the embedded engine. Returns whether every target was met.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const ctx: PhaseContext = { options, sizes, results: [], details: {} };
  const started = new Date();
  const selected = PHASES.filter((phase) => wants(options, phase.id));
  if (selected.length === 0)
    throw new Error(`--only matches none of the phases ${PHASES.map((p) => p.id).join(", ")}`);
  // Two benchmarks sharing the two cores would distort both.
  const quiet = await waitForOtherBenchmarks("records", options.quick ? 60 : 300);
  const load: Record<string, unknown> = {};
  const calm: Record<string, QuietResult> = {};
  // The whole run must stay well under half an hour even on a machine that never calms down.
  let waitBudget = options.quick ? 60 : 600;
  for (const phase of selected) {
    progress(phase.id, `— phase ${phase.id}: ${phase.title} —`);
    calm[phase.id] = await waitForQuietMachine(phase.id, {
      maxSeconds: Math.max(0, Math.min(180, waitBudget)),
      busyBelow: 35,
    });
    waitBudget -= calm[phase.id]!.waitedSeconds;
    const stop = sampleMachine();
    await phase.run(ctx);
    const sampled = stop();
    load[phase.id] = sampled;
    progress(phase.id, describeLoad(sampled));
  }
  const title = `Keduo records benchmark${options.quick ? " (--quick: smaller sizes, smoke check only)" : ""}`;
  printTable(title, ctx.results);
  const path = await saveRun({
    name: "records",
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
