import { progress } from "./progress.ts";

export interface LoopOptions {
  /** Iterations run first and thrown away (connection set-up, plan caches, JIT of our own code). */
  warmup: number;
  count: number;
  /** Progress scope; a line is printed at every fifth of the run. */
  scope: string;
  label: string;
}

/**
 * Runs `operation` one call at a time (the next starts when the previous has finished) and returns each
 * measured call's duration in milliseconds. `operation` receives a running index for varying its input.
 */
export async function measureSequential(
  options: LoopOptions,
  operation: (index: number) => Promise<void>,
): Promise<number[]> {
  for (let i = 0; i < options.warmup; i++) await operation(i);
  const samples: number[] = [];
  const step = Math.max(1, Math.ceil(options.count / 5));
  for (let i = 0; i < options.count; i++) {
    const start = performance.now();
    await operation(options.warmup + i);
    samples.push(performance.now() - start);
    if ((i + 1) % step === 0 || i + 1 === options.count)
      progress(options.scope, `${options.label}: ${i + 1}/${options.count}`);
  }
  return samples;
}
