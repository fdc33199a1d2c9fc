export interface BenchOptions {
  /** Smaller data sets and fewer iterations: a smoke check that every phase still runs. */
  quick: boolean;
  /** Phase ids to run (`--only=1,4`); null runs all of them. */
  only: Set<string> | null;
  /** Build data-set templates again even when one with the same key exists. */
  rebuild: boolean;
  /** Keep each phase's cloned database (for inspection) instead of dropping it. */
  keep: boolean;
  /** Run the server without the no-op event consumer (the relay then stays idle): the cost of delivery. */
  noConsumer: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export function parseOptions(args: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    quick: false,
    only: null,
    rebuild: false,
    keep: false,
    noConsumer: false,
  };
  for (const arg of args) {
    if (arg === "--quick") options.quick = true;
    else if (arg === "--rebuild") options.rebuild = true;
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--no-consumer") options.noConsumer = true;
    else if (arg.startsWith("--only=")) {
      const ids = arg
        .slice("--only=".length)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      if (ids.length === 0) throw new UsageError("--only needs phase ids, e.g. --only=1,4");
      options.only = new Set(ids);
    } else throw new UsageError(`unknown option ${arg}`);
  }
  return options;
}

export const wants = (options: BenchOptions, phase: string) =>
  options.only === null || options.only.has(phase);
