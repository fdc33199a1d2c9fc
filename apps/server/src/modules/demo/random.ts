import { createHash } from "node:crypto";

/** A seeded stream of numbers: the same seed gives the same demo company. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks a value with probability proportional to its weight. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T;
  chance(probability: number): boolean;
}

/**
 * One independent stream per purpose (`streamFor(seed, "accounts")`): a generator added later draws from its
 * own stream, so the records that existed before it stay exactly the same for a seed.
 */
export function streamFor(seed: number, ...purpose: Array<string | number>): Rng {
  return createRng(seedFrom(seed, ...purpose));
}

/** A 32-bit seed from any text: each object and purpose gets its own independent, reproducible stream. */
export function seedFrom(...parts: Array<string | number>): number {
  return createHash("sha256").update(parts.join("\u0000")).digest().readUInt32LE(0);
}

/** sfc32: small, fast and good enough for demo and benchmark data; the same seed yields the same values. */
export function createRng(seed: number): Rng {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) next32();
  const rng: Rng = {
    next: () => next32() / 4_294_967_296,
    int: (n) => Math.floor(rng.next() * n),
    between: (min, max) => min + rng.int(max - min + 1),
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[rng.int(items.length)]!;
    },
    weighted: (choices) => {
      const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = rng.next() * total;
      for (const [value, weight] of choices) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return choices.at(-1)![0];
    },
    chance: (probability) => rng.next() < probability,
  };
  return rng;
}
