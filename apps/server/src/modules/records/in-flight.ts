export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A promise that never rejects, so it can be awaited later without an unhandled rejection meanwhile. */
export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/**
 * Statements a write sent without waiting for their answer (ADR 0039, session-11 amendment). The next
 * statements of the write's transaction queue behind them on its connection, so they see their rows; only
 * the answer is not waited for — a bulk create whose rows the service knows goes on encoding its events while
 * PostgreSQL inserts. Before the transaction ends the write waits for them all, and a failed one is what the
 * write failed of (the statements after it only report the aborted transaction).
 */
export class InFlightStatements {
  private readonly sent: Array<Promise<Settled<unknown>>> = [];

  add(statement: Promise<unknown>): void {
    this.sent.push(settle(statement));
  }

  /** Waits for every statement sent; the first one's failure, or null when all succeeded. */
  async failure(): Promise<{ error: unknown } | null> {
    for (const result of await Promise.all(this.sent)) if (!result.ok) return { error: result.error };
    return null;
  }
}
