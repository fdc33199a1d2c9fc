import { progress } from "./progress.ts";

export interface LoopOptions {
  /** Iterations run first and reported apart (connection set-up, V8 optimising the server's code paths). */
  warmup: number;
  count: number;
  /** Progress scope; a line is printed at every fifth of the run. */
  scope: string;
  label: string;
}

export interface LoopSamples {
  /** Duration of each measured call, in milliseconds. */
  samples: number[];
  /** Duration of each warm-up call: what a freshly started process shows. */
  warmup: number[];
}

/**
 * Runs `operation` one call at a time (the next starts when the previous has finished) and times each call.
 * `operation` receives a running index (warm-up calls first) for varying its input.
 */
export async function measureSequential(
  options: LoopOptions,
  operation: (index: number) => Promise<void>,
): Promise<LoopSamples> {
  const time = async (index: number) => {
    const start = performance.now();
    await operation(index);
    return performance.now() - start;
  };
  const warmup: number[] = [];
  for (let i = 0; i < options.warmup; i++) warmup.push(await time(i));
  if (options.warmup) progress(options.scope, `${options.label}: ${options.warmup} warm-up calls done`);
  const samples: number[] = [];
  const step = Math.max(1, Math.ceil(options.count / 5));
  for (let i = 0; i < options.count; i++) {
    samples.push(await time(options.warmup + i));
    if ((i + 1) % step === 0 || i + 1 === options.count)
      progress(options.scope, `${options.label}: ${i + 1}/${options.count}`);
  }
  return { samples, warmup };
}
