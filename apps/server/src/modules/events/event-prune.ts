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
    const delivered = await sql`DELETE FROM ${t.outbox} WHERE id IN (
        SELECT id FROM ${t.outbox} WHERE created_at <= ${cutoff} AND seq <= COALESCE(
          (SELECT min(position) FROM ${consumers}),
          (SELECT last_seq FROM ${t.event_relay} WHERE id = 1))
        ORDER BY seq LIMIT ${slice})`.execute(db);
    const unnumbered = await sql`DELETE FROM ${t.outbox} WHERE id IN (
        SELECT id FROM ${t.outbox} WHERE seq IS NULL AND created_at <= ${cutoff}
          AND (id <= (SELECT history_until FROM ${t.event_relay} WHERE id = 1)
            OR NOT EXISTS (SELECT 1 FROM ${consumers}))
        ORDER BY id LIMIT ${slice})`.execute(db);
    const count = Number(delivered.numAffectedRows ?? 0) + Number(unnumbered.numAffectedRows ?? 0);
    total += count;
    if (count < slice) return total;
  }
}
