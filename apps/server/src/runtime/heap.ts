import { setFlagsFromString } from "node:v8";

let holders = 0;

function setGrowingPercent(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * Runs `work` with V8's heap growth between full collections capped at `percent` (0: leave V8's default).
 * An import promotes every batch's objects (they live across several database round trips) and V8's own
 * factor — up to 4× the live size — let a million-row import keep ~350 MiB of dead batches before a full
 * collection; 1.5× keeps it within the import's memory budget at ~2 % of its speed (ADR 0013). Other work
 * keeps V8's default (the cap cost bulk API writes ~4 % more GC time). The flag is read by V8 at every
 * collection; nested and concurrent holders share one setting, restored when the last one ends.
 */
export async function withBoundedHeap<T>(percent: number, work: () => Promise<T>): Promise<T> {
  if (percent <= 0) return work();
  if (holders++ === 0) setGrowingPercent(percent);
  try {
    return await work();
  } finally {
    if (--holders === 0) setGrowingPercent(0);
  }
}
