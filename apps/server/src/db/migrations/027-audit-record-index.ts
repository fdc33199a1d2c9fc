import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * The audit log's record index becomes `(record_id, id)` instead of `(object, record_id, id)`. A record's history
 * asks for its object and id and reads by id (record ids are unique across objects, so the object is checked
 * on the few rows found); nothing reads by object through this index, since an object alone cannot give the
 * id order a listing wants. The gain is in the index's shape: created records' ids (UUID v7) grow with time,
 * so their rows now land on the rightmost leaf, which PostgreSQL splits at 90 % full; behind an object name
 * they landed inside the index (other objects sort after), where splits are 50/50 — after a 100,000-row
 * import the index was half empty (ADR 0036).
 */
export const auditRecordIndexMigration: Migration = {
  id: 27,
  name: "audit record index by record id",
  async up(trx, schemas) {
    const t = sql.id(schemas.system, "audit_log");
    await sql`CREATE INDEX audit_log_record_id_idx ON ${t} (record_id, id)`.execute(trx);
    await sql`DROP INDEX ${sql.id(schemas.system, "audit_log_record_idx")}`.execute(trx);
  },
};
