import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { outboxPayloadJsonMigration } from "./029-outbox-payload-json.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

async function payloadType() {
  const { rows } = await sql<{ type: string }>`SELECT format_type(atttypid, atttypmod) AS type
    FROM pg_attribute WHERE attrelid = ${`${app.database.schemas.system}.outbox`}::regclass
      AND attname = 'payload'`.execute(app.database.db);
  return rows[0]?.type;
}

describe("migration 029: event payloads are stored as json text", () => {
  it("turns jsonb payloads into json, keeping every event's values", async () => {
    const { system } = app.database.schemas;
    const outbox = sql.id(system, "outbox");
    const payload = { version: 3, record: { name: "客户 A", amount: { amount: "12.50", currency: "CNY" } } };
    await app.database.db.transaction().execute(async (trx) => {
      // The layout before it (migration 001).
      await sql`ALTER TABLE ${outbox} ALTER COLUMN payload TYPE jsonb USING payload::jsonb`.execute(trx);
      await sql`INSERT INTO ${outbox} (event_type, object, record_id, payload, created_at)
        VALUES ('record.created', 'lead', gen_random_uuid(), ${JSON.stringify(payload)}::jsonb, now())`.execute(
        trx,
      );
    });
    expect(await payloadType()).toBe("jsonb");
    await app.database.db
      .transaction()
      .execute((trx) => outboxPayloadJsonMigration.up(trx, app.database.schemas));
    expect(await payloadType()).toBe("json");
    const { rows } = await sql<{ payload: unknown }>`SELECT payload FROM ${outbox}
      ORDER BY id DESC LIMIT 1`.execute(app.database.db);
    expect(rows[0]?.payload).toEqual(payload);
  });
});
