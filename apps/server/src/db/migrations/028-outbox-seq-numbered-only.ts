import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * The outbox's delivery-number index covers numbered events only (`WHERE seq IS NOT NULL`). Every event is
 * written unnumbered and numbered by the relay after commit (ADR 0017); the full index took an entry for each
 * new event's NULL — 1,000 index insertions in a bulk create's own statement, read by nothing, since consumers
 * ask for `seq > position` (a strict comparison, which PostgreSQL proves implies `seq IS NOT NULL`, so the
 * partial index serves it). Uniqueness of delivery numbers is unchanged.
 */
export const outboxSeqNumberedOnlyMigration: Migration = {
  id: 28,
  name: "outbox delivery-number index on numbered events only",
  async up(trx, schemas) {
    const outbox = sql.id(schemas.system, "outbox");
    await sql`CREATE UNIQUE INDEX outbox_seq_numbered ON ${outbox} (seq) WHERE seq IS NOT NULL`.execute(trx);
    await sql`DROP INDEX ${sql.id(schemas.system, "outbox_seq")}`.execute(trx);
    await sql`ALTER INDEX ${sql.id(schemas.system, "outbox_seq_numbered")} RENAME TO outbox_seq`.execute(trx);
  },
};
