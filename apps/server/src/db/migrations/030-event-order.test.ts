import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { eventOrderMigration } from "./030-event-order.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const event = (record: string, seq: number | null) =>
  sql`('record.created', 'lead', ${record}::uuid, '{"version": 1}', now(), ${seq}::bigint)`;

describe("migration 030: delivery order moves out of the outbox, found by snapshot", () => {
  it("keeps every number, numbers what was waiting in id order, leaves the history, and numbers new events", async () => {
    const t = (name: string) => sql.id(app.database.schemas.system, name);
    const records = Array.from({ length: 6 }, (_, i) => `0190a1b2-c3d4-7e5f-8a9b-00000000000${i}`);
    const ids = await app.database.db.transaction().execute(async (trx) => {
      // The layout before it (migrations 012, 028): `seq` on the outbox, numbered by a function.
      await sql`DROP FUNCTION ${t("number_events")}(), ${t("events_to_number")}()`.execute(trx);
      await sql`DROP TABLE ${t("event_order")}`.execute(trx);
      await sql`ALTER TABLE ${t("event_relay")} DROP COLUMN numbered_snapshot`.execute(trx);
      await sql`ALTER TABLE ${t("outbox")} DROP COLUMN txid, ADD COLUMN seq bigint`.execute(trx);
      await sql`CREATE INDEX outbox_unsequenced ON ${t("outbox")} (id) WHERE seq IS NULL`.execute(trx);
      await sql`CREATE UNIQUE INDEX outbox_seq ON ${t("outbox")} (seq) WHERE seq IS NOT NULL`.execute(trx);
      await sql`CREATE FUNCTION ${t("sequence_events")}(int) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint'`.execute(
        trx,
      );
      await sql`DELETE FROM ${t("outbox")}`.execute(trx);
      // History from before the relay, three numbered events, two committed and waiting for a number.
      const { rows } = await sql<{ id: string }>`INSERT INTO ${t("outbox")}
        (event_type, object, record_id, payload, created_at, seq)
        VALUES ${sql.join([event(records[0]!, null), event(records[1]!, 7), event(records[2]!, 8), event(records[3]!, 9), event(records[4]!, null), event(records[5]!, null)])}
        RETURNING id`.execute(trx);
      const inserted = rows.map((row) => Number(row.id));
      await sql`UPDATE ${t("event_relay")} SET last_seq = 9, history_until = ${inserted[0]!} WHERE id = 1`.execute(
        trx,
      );
      await eventOrderMigration.up(trx, app.database.schemas);
      return inserted;
    });

    const order = await app.database.db.selectFrom("event_order").selectAll().orderBy("seq").execute();
    expect(order.map((row) => [Number(row.seq), Number(row.event_id)])).toEqual([
      [7, ids[1]],
      [8, ids[2]],
      [9, ids[3]],
      [10, ids[4]],
      [11, ids[5]],
    ]);
    const relay = await app.database.db
      .selectFrom("event_relay")
      .select("last_seq")
      .executeTakeFirstOrThrow();
    expect(Number(relay.last_seq)).toBe(11);
    const columns = await sql<{ name: string }>`SELECT attname AS name FROM pg_attribute
      WHERE attrelid = ${`${app.database.schemas.system}.outbox`}::regclass AND attnum > 0 AND NOT attisdropped`.execute(
      app.database.db,
    );
    expect(columns.rows.map((c) => c.name)).not.toContain("seq");

    // An event written afterwards is found by snapshot and numbered next; nothing is numbered twice.
    const { rows } = await sql<{ id: string }>`INSERT INTO ${t("outbox")}
      (event_type, object, record_id, payload, created_at)
      VALUES ('record.created', 'lead', gen_random_uuid(), '{"version": 1}', now()) RETURNING id`.execute(
      app.database.db,
    );
    const numbered = await sql<{ n: string }>`SELECT ${t("number_events")}() AS n`.execute(app.database.db);
    expect(Number(numbered.rows[0]!.n)).toBe(1);
    const again = await sql<{ n: string }>`SELECT ${t("number_events")}() AS n`.execute(app.database.db);
    expect(Number(again.rows[0]!.n)).toBe(0);
    const last = await app.database.db
      .selectFrom("event_order")
      .selectAll()
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect([Number(last.seq), Number(last.event_id)]).toEqual([12, Number(rows[0]!.id)]);
  });
});
