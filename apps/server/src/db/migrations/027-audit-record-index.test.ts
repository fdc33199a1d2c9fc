import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemTableIndexes } from "../../test/table-indexes.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { auditRecordIndexMigration } from "./027-audit-record-index.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

/** The audit log's indexes other than its key: name and columns. */
async function indexes() {
  const all = await systemTableIndexes(app, "audit_log");
  return all.filter((index) => !index.primary).map(({ name, columns }) => ({ name, columns }));
}

describe("migration 027: the audit log's record index by record id", () => {
  it("reads a record's history through (record_id, id)", async () => {
    expect(await indexes()).toEqual([
      { name: "audit_log_actor_idx", columns: "actor_id, id" },
      { name: "audit_log_record_id_idx", columns: "record_id, id" },
    ]);
    const { system } = app.database.schemas;
    // Enough rows that a scan would cost more than the index, and fresh statistics.
    await sql`INSERT INTO ${sql.id(system, "audit_log")} (occurred_at, action, object, record_id)
      SELECT now(), 'record.create', 'lead', gen_random_uuid() FROM generate_series(1, 5000)`.execute(
      app.database.db,
    );
    await sql`ANALYZE ${sql.id(system, "audit_log")}`.execute(app.database.db);
    const { rows } = await sql<{ "QUERY PLAN": string }>`EXPLAIN SELECT * FROM ${sql.id(system, "audit_log")}
      WHERE object = 'lead' AND record_id = ${"01a24cec-6680-740f-932f-ef2dd7db9d04"}::uuid ORDER BY id`.execute(
      app.database.db,
    );
    expect(rows.map((row) => row["QUERY PLAN"]).join("\n")).toContain("audit_log_record_id_idx");
  });

  it("turns the earlier layout into it", async () => {
    const { system } = app.database.schemas;
    const t = sql.id(system, "audit_log");
    await app.database.db.transaction().execute(async (trx) => {
      // The layout of migration 003.
      await sql`DROP INDEX ${sql.id(system, "audit_log_record_id_idx")}`.execute(trx);
      await sql`CREATE INDEX audit_log_record_idx ON ${t} (object, record_id, id)`.execute(trx);
    });
    expect((await indexes()).map((index) => index.name)).toEqual([
      "audit_log_actor_idx",
      "audit_log_record_idx",
    ]);
    await app.database.db
      .transaction()
      .execute((trx) => auditRecordIndexMigration.up(trx, app.database.schemas));
    expect(await indexes()).toEqual([
      { name: "audit_log_actor_idx", columns: "actor_id, id" },
      { name: "audit_log_record_id_idx", columns: "record_id, id" },
    ]);
  });
});
