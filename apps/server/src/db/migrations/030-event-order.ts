import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Delivery numbers move out of the outbox into `event_order` (seq → event id), and the relay finds the events
 * to number by transaction snapshot instead of by a NULL `seq` (ADR 0017, session-11 amendment).
 *
 * Numbering used to UPDATE every new event's outbox row: a copy of each row with its payload, two index
 * entries and a dead row for vacuum — ~10 ms of the database's time per 1,000 events, as much as writing them.
 * Now each event records the transaction that wrote it (`txid`, a default), the relay keeps the snapshot of
 * its last numbering, and a numbering takes the rows visible in a new snapshot that were not in that one: the
 * rows of transactions that had not committed then, whatever their ids. It appends narrow rows to `event_order`.
 *
 * Existing events keep their numbers; events committed but not yet numbered are numbered here, in id order, as
 * the relay would have; events from before the relay existed (`history_until`) stay unnumbered. Their `txid`
 * stays NULL: only events written from now on are found by snapshot.
 */
export const eventOrderMigration: Migration = {
  id: 30,
  name: "event delivery order by snapshot, out of the outbox",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    // ACCESS EXCLUSIVE until commit: no write adds an event meanwhile, so the snapshot taken below sees
    // every event written before it, and every event written after it has a txid.
    await sql`ALTER TABLE ${t("outbox")} ADD COLUMN txid xid8`.execute(trx);
    await sql`ALTER TABLE ${t("outbox")} ALTER COLUMN txid SET DEFAULT pg_current_xact_id()`.execute(trx);
    await sql`CREATE TABLE ${t("event_order")} (
      seq bigint PRIMARY KEY,
      event_id bigint NOT NULL)`.execute(trx);
    await sql`INSERT INTO ${t("event_order")} (seq, event_id)
      SELECT seq, id FROM ${t("outbox")} WHERE seq IS NOT NULL`.execute(trx);
    await sql`INSERT INTO ${t("event_order")} (seq, event_id)
      SELECT r.last_seq + row_number() OVER (ORDER BY o.id), o.id
      FROM ${t("outbox")} o, ${t("event_relay")} r
      WHERE r.id = 1 AND o.seq IS NULL AND o.id > r.history_until`.execute(trx);
    await sql`CREATE INDEX event_order_event ON ${t("event_order")} (event_id)`.execute(trx);
    await sql`ALTER TABLE ${t("event_relay")} ADD COLUMN numbered_snapshot pg_snapshot`.execute(trx);
    await sql`UPDATE ${t("event_relay")} SET numbered_snapshot = pg_current_snapshot(),
      last_seq = (SELECT COALESCE(max(seq), 0) FROM ${t("event_order")})`.execute(trx);
    await sql`ALTER TABLE ${t("event_relay")} ALTER COLUMN numbered_snapshot SET NOT NULL`.execute(trx);
    await sql`DROP FUNCTION ${t("sequence_events")}(int)`.execute(trx);
    // Dropping the column drops its two indexes (outbox_seq, outbox_unsequenced).
    await sql`ALTER TABLE ${t("outbox")} DROP COLUMN seq`.execute(trx);
    await sql`CREATE INDEX outbox_txid ON ${t("outbox")} (txid) WHERE txid IS NOT NULL`.execute(trx);
    await sql`CREATE FUNCTION ${t("number_events")}() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        relay record;
        snap pg_snapshot;
        numbered bigint;
      BEGIN
        -- One instance at a time; the snapshot is taken once the lock is held, so it sees all the last one did.
        SELECT last_seq, history_until, numbered_snapshot INTO relay
          FROM event_relay WHERE id = 1 FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN RETURN 0; END IF;
        IF pg_snapshot_xmax(relay.numbered_snapshot) > pg_snapshot_xmax(pg_current_snapshot()) THEN
          -- The last snapshot is from the future: the database was restored into a cluster whose transaction
          -- ids are behind the backup's. With writes held off, number every committed event not yet numbered
          -- and forget the stored transaction ids, which mean nothing here.
          LOCK TABLE outbox IN SHARE MODE;
          snap := pg_current_snapshot();
          INSERT INTO event_order (seq, event_id)
            SELECT relay.last_seq + row_number() OVER (ORDER BY o.id), o.id FROM outbox o
            WHERE o.id > relay.history_until
              AND NOT EXISTS (SELECT 1 FROM event_order e WHERE e.event_id = o.id);
          GET DIAGNOSTICS numbered = ROW_COUNT;
          UPDATE outbox SET txid = NULL WHERE txid IS NOT NULL;
          UPDATE event_relay SET last_seq = relay.last_seq + numbered, numbered_snapshot = snap WHERE id = 1;
          RETURN numbered;
        END IF;
        snap := pg_current_snapshot();
        -- Visible now and not at the last numbering: written by a transaction that was still running then
        -- (in its xip list) or started after it (at or above its xmax). Per record, id order is commit order.
        INSERT INTO event_order (seq, event_id)
          SELECT relay.last_seq + row_number() OVER (ORDER BY fresh.id), fresh.id FROM (
            SELECT id FROM outbox
            WHERE txid >= pg_snapshot_xmax(relay.numbered_snapshot) AND pg_visible_in_snapshot(txid, snap)
            UNION ALL
            SELECT id FROM outbox
            WHERE txid = ANY(ARRAY(SELECT pg_snapshot_xip(relay.numbered_snapshot)))
              AND pg_visible_in_snapshot(txid, snap)) fresh;
        GET DIAGNOSTICS numbered = ROW_COUNT;
        IF numbered > 0 THEN
          UPDATE event_relay SET last_seq = relay.last_seq + numbered, numbered_snapshot = snap WHERE id = 1;
        END IF;
        RETURN numbered;
      END $$`.execute(trx);
    // Whether a numbering would find anything: what every relay tick asks, so it must stay an index probe.
    await sql`CREATE FUNCTION ${t("events_to_number")}() RETURNS boolean LANGUAGE plpgsql STABLE AS $$
      DECLARE
        last pg_snapshot := (SELECT numbered_snapshot FROM event_relay WHERE id = 1);
      BEGIN
        RETURN pg_snapshot_xmax(last) > pg_snapshot_xmax(pg_current_snapshot())
          OR EXISTS (SELECT 1 FROM outbox WHERE txid >= pg_snapshot_xmax(last))
          OR EXISTS (SELECT 1 FROM outbox WHERE txid = ANY(ARRAY(SELECT pg_snapshot_xip(last))));
      END $$`.execute(trx);
    // Both look events up by transaction id. A plan made for "some snapshot" estimates that a third of the
    // outbox qualifies and scans the table for the first match, all of it when (as usual) there is none;
    // planned for the snapshot at hand, and with sequential scans priced out, they probe the txid index.
    for (const fn of ["number_events", "events_to_number"]) {
      await sql`ALTER FUNCTION ${t(fn)}() SET search_path = ${sql.id(schemas.system)}
        SET plan_cache_mode = force_custom_plan SET enable_seqscan = off`.execute(trx);
    }
  },
};
