import type { CompiledQuery } from "kysely";
import type { ReadShape } from "./read-shape.ts";

/** How many recent durations of a shape its p95 is read from. */
const RECENT = 64;

/** What one app instance saw of one shape since its last flush, and its recent durations. */
export interface ShapeTally {
  key: string;
  shape: ReadShape;
  calls: number;
  slowCalls: number;
  totalMs: number;
  maxMs: number;
  recent: number[];
  /** The slowest statement of the shape seen, with its parameters, kept in memory only (never stored). */
  sample: { ms: number; statement: CompiledQuery } | null;
  firstSeen: Date;
  lastSeen: Date;
}

export interface StatsLimits {
  /** Shapes kept at once; the least recently seen is forgotten first. */
  maxShapes: number;
  /** A read at least this slow counts as slow. */
  slowMs: number;
}

export function p95(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

/**
 * The advisor's in-memory statistic: per shape, calls and time since the last flush (a bounded map, O(1) per
 * read). A flush hands over the deltas and starts new counts; the recent durations and the sample stay, so
 * the p95 and the EXPLAIN look at what is slow now.
 */
export class ShapeStats {
  private readonly tallies = new Map<string, ShapeTally>();
  private lastReadAt = 0;
  private readonly limits: StatsLimits;

  constructor(limits: StatsLimits) {
    this.limits = limits;
  }

  record(key: string, shape: ReadShape, ms: number, statement: () => CompiledQuery, now: Date): void {
    this.lastReadAt = now.getTime();
    let tally = this.tallies.get(key);
    if (tally) this.tallies.delete(key);
    else {
      if (this.tallies.size >= this.limits.maxShapes) {
        const oldest = this.tallies.keys().next();
        if (!oldest.done) this.tallies.delete(oldest.value);
      }
      tally = emptyTally(key, shape, now);
    }
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently seen.
    this.tallies.set(key, tally);
    tally.calls += 1;
    tally.totalMs += ms;
    tally.maxMs = Math.max(tally.maxMs, ms);
    tally.lastSeen = now;
    tally.recent.push(ms);
    if (tally.recent.length > RECENT) tally.recent.shift();
    if (ms >= this.limits.slowMs) {
      tally.slowCalls += 1;
      if (!tally.sample || ms >= tally.sample.ms) tally.sample = { ms, statement: statement() };
    }
  }

  /** Milliseconds since the last observed read (the PGlite builder waits for a quiet moment). */
  quietFor(now: Date): number {
    return now.getTime() - this.lastReadAt;
  }

  /** The tallies with calls since the last flush; their counts restart at zero. */
  drain(): ShapeTally[] {
    const drained: ShapeTally[] = [];
    for (const tally of this.tallies.values()) {
      if (tally.calls === 0) continue;
      drained.push({ ...tally, recent: [...tally.recent] });
      Object.assign(tally, { calls: 0, slowCalls: 0, totalMs: 0, maxMs: 0 });
    }
    return drained;
  }

  sampleOf(key: string): CompiledQuery | null {
    return this.tallies.get(key)?.sample?.statement ?? null;
  }
}

function emptyTally(key: string, shape: ReadShape, now: Date): ShapeTally {
  return {
    key,
    shape,
    calls: 0,
    slowCalls: 0,
    totalMs: 0,
    maxMs: 0,
    recent: [],
    sample: null,
    firstSeen: now,
    lastSeen: now,
  };
}
