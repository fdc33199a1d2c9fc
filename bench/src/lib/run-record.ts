import type { BenchOptions } from "./options.ts";
import { serverVersion } from "./postgres.ts";
import type { QuietResult } from "./quiet.ts";
import { environment, passes, type ResultRow, writeResults } from "./report.ts";

/** One benchmark run as every benchmark records it: what was asked, where it ran, what it found. */
export interface BenchRun {
  name: string;
  started: Date;
  options: BenchOptions;
  sizes: unknown;
  /** What waiting for other benchmarks found, and the machine before each phase. */
  quiet: unknown;
  calm: Record<string, QuietResult>;
  load: Record<string, unknown>;
  results: ResultRow[];
  details: unknown;
}

/**
 * Writes the run's result file and warns about phases that started on a busy machine. Returns the file's path.
 */
export async function saveRun(run: BenchRun): Promise<string> {
  const path = writeResults(run.name, {
    benchmark: run.name,
    startedAt: run.started.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { quick: run.options.quick, only: run.options.only ? [...run.options.only] : null },
    sizes: run.sizes,
    environment: environment({
      postgres: await serverVersion(),
      waitedForOtherBenchmarks: run.quiet,
      quietBeforePhase: run.calm,
      load: run.load,
    }),
    results: run.results.map((row) => ({
      ...row,
      pass: row.target === null && !row.check ? null : passes(row),
    })),
    details: run.details,
  });
  const noisy = Object.entries(run.calm).filter(([, result]) => result.gaveUp);
  if (noisy.length)
    process.stdout.write(
      `\nphases ${noisy.map(([id]) => id).join(", ")} started on a busy machine (other work on the cores): treat their figures with care\n`,
    );
  return path;
}
