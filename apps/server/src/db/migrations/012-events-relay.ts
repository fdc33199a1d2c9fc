import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * The events module's relay (ADR 0017). Outbox rows get their source and causation, and a delivery sequence
 * number (`seq`) the relay assigns after commit, in id order, under one lock: consumers then read "seq greater
 * than my position" without the gaps "id greater than the last seen" has. Each consumer keeps its own
 * position, retry state and lease; events a consumer gave up on are parked with their error.
 *
 * Rows already in the outbox are history: nothing ever consumed them, and a new consumer must not receive
 * years of them. `history_until` marks them (never sequenced, pruned with the retention like delivered
 * events) without rewriting a possibly huge table inside the migration.
 */
export const eventsRelayMigration: Migration = {
  id: 12,
  name: "events relay: sequence, consumers, parked events",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    await sql`ALTER TABLE ${t("outbox")}
      ADD COLUMN source text NOT NULL DEFAULT 'system',
      ADD COLUMN cause_event_id bigint,
      ADD COLUMN cause_run_id text,
      ADD COLUMN depth int NOT NULL DEFAULT 0,
      ADD COLUMN seq bigint,
      DROP COLUMN processed_at,
      DROP COLUMN attempts`.execute(trx);
    await sql`CREATE INDEX outbox_unsequenced ON ${t("outbox")} (id) WHERE seq IS NULL`.execute(trx);
    await sql`CREATE UNIQUE INDEX outbox_seq ON ${t("outbox")} (seq)`.execute(trx);
    await sql`CREATE TABLE ${t("event_relay")} (
      id int PRIMARY KEY CHECK (id = 1),
      last_seq bigint NOT NULL,
      history_until bigint NOT NULL)`.execute(trx);
    await sql`INSERT INTO ${t("event_relay")} (id, last_seq, history_until)
      SELECT 1, 0, COALESCE(max(id), 0) FROM ${t("outbox")}`.execute(trx);
    // Numbering in one round trip (ADR 0017): the lock, then the numbering statement with a snapshot taken
    // after the lock is held (each statement of a PL/pgSQL function gets its own in READ COMMITTED).
    await sql`CREATE FUNCTION ${t("sequence_events")}(max_events int) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        relay record;
        numbered bigint;
      BEGIN
        SELECT last_seq, history_until INTO relay FROM event_relay WHERE id = 1 FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN RETURN 0; END IF;
        WITH batch AS (
          SELECT id, row_number() OVER (ORDER BY id) AS n
          FROM (SELECT id FROM outbox WHERE seq IS NULL AND id > relay.history_until
            ORDER BY id LIMIT max_events) unnumbered)
        UPDATE outbox o SET seq = relay.last_seq + batch.n FROM batch WHERE o.id = batch.id;
        GET DIAGNOSTICS numbered = ROW_COUNT;
        IF numbered > 0 THEN
          UPDATE event_relay SET last_seq = relay.last_seq + numbered WHERE id = 1;
        END IF;
        RETURN numbered;
      END $$`.execute(trx);
    await sql`ALTER FUNCTION ${t("sequence_events")}(int) SET search_path = ${sql.id(schemas.system)}`.execute(
      trx,
    );
    await sql`CREATE TABLE ${t("event_consumers")} (
      name text PRIMARY KEY,
      position bigint NOT NULL,
      attempts int NOT NULL DEFAULT 0,
      isolate_until bigint,
      retry_at timestamptz,
      last_error text,
      lease_owner text,
      lease_until timestamptz,
      created_at timestamptz NOT NULL,
      seen_at timestamptz NOT NULL,
      delivered_at timestamptz)`.execute(trx);
    await sql`CREATE TABLE ${t("event_parked")} (
      consumer text NOT NULL REFERENCES ${t("event_consumers")} (name) ON DELETE CASCADE,
      seq bigint NOT NULL,
      event jsonb NOT NULL,
      error text NOT NULL,
      attempts int NOT NULL,
      parked_at timestamptz NOT NULL,
      PRIMARY KEY (consumer, seq))`.execute(trx);
  },
};
