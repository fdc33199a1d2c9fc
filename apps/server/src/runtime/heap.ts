import { setFlagsFromString } from "node:v8";

/**
 * Caps how far V8 lets the heap grow between full collections. Its own factor (up to 4× the live size)
 * let a million-row import keep ~350 MiB of dead batches before collecting them; 1.5× keeps the server's
 * RSS within the import's budget at ~2 % of its speed (ADR 0013). Read by V8 at every collection, so
 * setting it at start-up takes effect; 0 leaves V8's default.
 */
export function tuneHeap(growingPercent: number): void {
  if (growingPercent > 0) setFlagsFromString(`--heap-growing-percent=${growingPercent}`);
}
