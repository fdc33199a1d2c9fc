const started = performance.now();

/** One line per step, stamped with the time since the run started, so a long run can be followed. */
export function progress(scope: string, message: string): void {
  const elapsed = ((performance.now() - started) / 1000).toFixed(1).padStart(7);
  process.stdout.write(`[${elapsed}s] [${scope}] ${message}\n`);
}

export const formatCount = (n: number) => n.toLocaleString("en-US");
