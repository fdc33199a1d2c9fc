import { describeLoad, sampleMachine, waitForOtherBenchmarks } from "./access/machine.ts";
import { importFile } from "./import/files.ts";
import { type ImportPhase, runImportPhase } from "./import/phase.ts";
import { type BenchOptions, wants } from "./lib/options.ts";
import { progress } from "./lib/progress.ts";
import { type QuietResult, waitForQuietMachine } from "./lib/quiet.ts";
import { passes, printTable, type ResultRow } from "./lib/report.ts";
import { saveRun } from "./lib/run-record.ts";

const FULL = { xlsxRows: 100_000, csvRows: 1_000_000 };
const QUICK = { xlsxRows: 10_000, csvRows: 100_000 };

/**
 * The import workload on PostgreSQL through the HTTP API: (1) a 100,000-row .xlsx with 15 columns ≤ 30 s;
 * (2) a 1,000,000-row CSV ≤ 3 minutes with the server's RSS < 512 MiB above idle. Files are generated once
 * and cached in the temp dir. Returns whether every target was met.
 */
export async function run(options: BenchOptions): Promise<boolean> {
  const sizes = options.quick ? QUICK : FULL;
  const started = new Date();
  const phases: Array<{ id: string; make(): Promise<ImportPhase> }> = [
    {
      id: "1",
      make: async () => ({
        id: "1",
        title: `${sizes.xlsxRows.toLocaleString("en-US")}-row .xlsx, 15 columns`,
        file: await importFile("xlsx", sizes.xlsxRows, options.rebuild),
        targetSeconds: 30,
        rssTargetMiB: null,
        keep: options.keep,
      }),
    },
    {
      id: "2",
      make: async () => ({
        id: "2",
        title: `${sizes.csvRows.toLocaleString("en-US")}-row CSV, 15 columns`,
        file: await importFile("csv", sizes.csvRows, options.rebuild),
        targetSeconds: 180,
        rssTargetMiB: 512,
        keep: options.keep,
      }),
    },
  ].filter((phase) => wants(options, phase.id));
  if (phases.length === 0) throw new Error("--only matches none of the phases 1, 2");
  const quiet = await waitForOtherBenchmarks("import", options.quick ? 60 : 300);
  const results: ResultRow[] = [];
  const details: Record<string, object> = {};
  const load: Record<string, unknown> = {};
  const calm: Record<string, QuietResult> = {};
  for (const entry of phases) {
    // Generated (or found in the cache) before the server starts, so it costs neither time nor idle RSS.
    const phase = await entry.make();
    progress(phase.id, `— phase ${phase.id}: ${phase.title} —`);
    calm[phase.id] = await waitForQuietMachine(phase.id, {
      maxSeconds: options.quick ? 30 : 120,
      busyBelow: 35,
    });
    const stop = sampleMachine();
    const outcome = await runImportPhase(phase);
    const sampled = stop();
    load[phase.id] = sampled;
    progress(phase.id, describeLoad(sampled));
    results.push(...outcome.rows);
    details[phase.id] = outcome.details;
  }
  printTable(
    `Keduo import benchmark (PostgreSQL)${options.quick ? " (--quick: smaller files, smoke check only)" : ""}`,
    results,
  );
  const path = await saveRun({
    name: "import",
    started,
    options,
    sizes,
    quiet,
    calm,
    load,
    results: results,
    details: details,
  });
  const failed = results.filter((row) => !passes(row)).length;
  process.stdout.write(
    `\n${failed ? `${failed} target(s) missed` : "all targets met"}; figures written to ${path}\n`,
  );
  return failed === 0;
}
