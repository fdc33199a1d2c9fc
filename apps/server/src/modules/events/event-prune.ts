import { sql } from "kysely";
import type { RelayDb } from "./relay-store.ts";

/**
 * Retention: deletes events every consumer has passed — the ones this instance delivers to (`live`) and any
 * other seen within the retention window — once older than `cutoff`; and never-numbered ones: the history
 * from before the relay existed, and everything while there is no consumer at all (then no relay runs, so
 * nothing numbers them; a consumer subscribed later starts at the end anyway). A consumer's `seen_at` moves
 * only when an instance starts, so without `live` a process up longer than the retention would stop waiting
 * for its own consumers. In slices, so a large backlog never holds one long transaction. Returns how many
 * rows went.
 */
export async function pruneEvents(
  { db, t }: RelayDb,
  cutoff: Date,
  live: readonly string[],
  slice = 10_000,
): Promise<number> {
  const consumers = sql`${t.event_consumers} WHERE seen_at >= ${cutoff} OR name = ANY(${[...live]}::text[])`;
  let total = 0;
  for (;;) {
    // A numbered event goes with its place in the delivery order.
    const delivered = await sql`WITH passed AS (
        SELECT e.seq, e.event_id FROM ${t.event_order} e JOIN ${t.outbox} o ON o.id = e.event_id
        WHERE o.created_at <= ${cutoff} AND e.seq <= COALESCE(
          (SELECT min(position) FROM ${consumers}),
          (SELECT last_seq FROM ${t.event_relay} WHERE id = 1))
        ORDER BY e.seq LIMIT ${slice}),
      unordered AS (DELETE FROM ${t.event_order} WHERE seq IN (SELECT seq FROM passed))
      DELETE FROM ${t.outbox} WHERE id IN (SELECT event_id FROM passed)`.execute(db);
    const unnumbered = await sql`DELETE FROM ${t.outbox} WHERE id IN (
        SELECT o.id FROM ${t.outbox} o WHERE o.created_at <= ${cutoff}
          AND (o.id <= (SELECT history_until FROM ${t.event_relay} WHERE id = 1)
            OR NOT EXISTS (SELECT 1 FROM ${consumers}))
          AND NOT EXISTS (SELECT 1 FROM ${t.event_order} e WHERE e.event_id = o.id)
        ORDER BY o.id LIMIT ${slice})`.execute(db);
    const count = Number(delivered.numAffectedRows ?? 0) + Number(unnumbered.numAffectedRows ?? 0);
    total += count;
    if (count < slice) return total;
  }
}
