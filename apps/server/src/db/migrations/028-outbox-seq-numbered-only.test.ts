import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemTableIndexes } from "../../test/table-indexes.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { outboxSeqNumberedOnlyMigration } from "./028-outbox-seq-numbered-only.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

/** The outbox's delivery-number index: its column list and predicate as pg_get_indexdef writes them. */
async function seqIndex() {
  const all = await systemTableIndexes(app, "outbox");
  return all.find((index) => index.name === "outbox_seq")?.columns;
}

describe("migration 028: the outbox's delivery-number index holds numbered events only", () => {
  it("serves a consumer's read, and numbers stay unique", async () => {
    expect(await seqIndex()).toBe("seq) WHERE (seq IS NOT NULL");
    const { system } = app.database.schemas;
    const outbox = sql.id(system, "outbox");
    // Numbered history (as the relay leaves it) and unnumbered new events, with fresh statistics.
    await sql`INSERT INTO ${outbox} (event_type, object, record_id, payload, created_at, seq)
      SELECT 'record.created', 'lead', gen_random_uuid(), '{}', now(), CASE WHEN n <= 4000 THEN 1000000 + n END
      FROM generate_series(1, 5000) n`.execute(app.database.db);
    await sql`ANALYZE ${outbox}`.execute(app.database.db);
    const { rows } = await sql<{ "QUERY PLAN": string }>`EXPLAIN SELECT * FROM ${outbox}
      WHERE seq > ${1003990}::bigint ORDER BY seq LIMIT 100`.execute(app.database.db);
    expect(rows.map((row) => row["QUERY PLAN"]).join("\n")).toContain("outbox_seq");
    // Numbers stay unique.
    await expect(
      sql`INSERT INTO ${outbox} (event_type, object, record_id, payload, created_at, seq)
        VALUES ('record.created', 'lead', gen_random_uuid(), '{}', now(), 1000001)`.execute(app.database.db),
    ).rejects.toThrow(/outbox_seq/);
  });

  it("turns the earlier layout into it", async () => {
    const { system } = app.database.schemas;
    await app.database.db.transaction().execute(async (trx) => {
      // The layout of migration 012.
      await sql`DROP INDEX ${sql.id(system, "outbox_seq")}`.execute(trx);
      await sql`CREATE UNIQUE INDEX outbox_seq ON ${sql.id(system, "outbox")} (seq)`.execute(trx);
    });
    expect(await seqIndex()).toBe("seq");
    await app.database.db
      .transaction()
      .execute((trx) => outboxSeqNumberedOnlyMigration.up(trx, app.database.schemas));
    expect(await seqIndex()).toBe("seq) WHERE (seq IS NOT NULL");
  });
});
