import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Object tables stop checking `created_by` / `updated_by` against users (ADR 0014). The server sets both
 * from the authenticated actor, never from input, and users are deactivated, never deleted; the two checks
 * cost ~7 ms of every 1,000-record bulk insert. `owner_id` keeps its foreign key: it is chosen by people
 * (transfers, imports). A one-off exception to "object tables are changed by schema sync": new tables are
 * created without these keys there (ddl.ts), existing ones lose them here.
 */
export const actorColumnsUncheckedMigration: Migration = {
  id: 10,
  name: "object tables: no foreign keys on created_by, updated_by",
  async up(trx, schemas) {
    const { rows } = await sql<{ table_name: string; constraint_name: string }>`
      SELECT t.relname AS table_name, c.conname AS constraint_name
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND n.nspname = ${schemas.workspace} AND cardinality(c.conkey) = 1
        AND a.attname IN ('created_by', 'updated_by')`.execute(trx);
    for (const row of rows)
      await sql`ALTER TABLE ${sql.id(schemas.workspace, row.table_name)}
        DROP CONSTRAINT ${sql.id(row.constraint_name)}`.execute(trx);
  },
};
