import { progress } from "./progress.ts";

/**
 * How fast this machine runs JavaScript right now: the median of five runs of a fixed single-threaded
 * workload (encoding and decoding 2,000 record-like objects as JSON, the kind of work a write call does), in
 * milliseconds. The 2-core machines these benchmarks run on share their host, and the same build's bulk
 * create has measured 6.5 s and 11.6 s an hour apart with the database's own share (the replayed SQL) moving
 * alike; a figure printed beside this index can be compared with another run's.
 */
export function speedIndex(): number {
  const records = Array.from({ length: 2_000 }, (_, i) => ({
    id: `0190a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, "0")}`,
    name: `客户 ${i} Customer`,
    amount: (i * 37.5).toFixed(2),
    quantity: i * 3,
    close_date: `2026-${String((i % 12) + 1).padStart(2, "0")}-15`,
    active: i % 2 === 0,
    tags: ["a", "b_c"],
  }));
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const started = performance.now();
    let length = 0;
    for (let round = 0; round < 20; round++) {
      const text = JSON.stringify(records);
      length += (JSON.parse(text) as unknown[]).length + text.length;
    }
    if (length === 0) throw new Error("unreachable: keeps the work from being optimised away");
    runs.push(performance.now() - started);
  }
  return runs.sort((a, b) => a - b)[2]!;
}

/** The speed index, printed under `scope` so the phase's figures can be read beside it. */
export function reportSpeedIndex(scope: string): number {
  const speed = speedIndex();
  progress(scope, `machine speed index ${speed.toFixed(1)} ms (a fixed JSON workload; lower is faster)`);
  return speed;
}
