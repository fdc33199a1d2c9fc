import pg from "pg";

/**
 * Counts every statement any pg client of this process sends (the server's Kysely, pg-boss, the benchmark's
 * own), grouped by its text with whitespace folded and bind values left out: how many round trips a piece of
 * work costs, and which. Patches `pg.Client.prototype.query` while a count is open; one count at a time.
 */
export function countStatements() {
  const counts = new Map<string, number>();
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === "string" ? first : (first as { text?: string } | null)?.text;
    if (text) {
      const key = text.replace(/\s+/g, " ").trim().slice(0, 140);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return original.apply(this, args);
  };
  return {
    /** Stops counting; the statements sent meanwhile, most frequent first. */
    stop(): Array<{ sql: string; count: number }> {
      proto.query = original;
      return [...counts].map(([sql, count]) => ({ sql, count })).sort((a, b) => b.count - a.count);
    },
  };
}
