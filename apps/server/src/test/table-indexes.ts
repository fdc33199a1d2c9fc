import { sql } from "kysely";
import type { TestApp } from "./test-app.ts";

export interface TableIndex {
  name: string;
  primary: boolean;
  /** The definition's column list, as `pg_get_indexdef` writes it. */
  columns: string;
}

/** A system table's indexes by name: what a migration test compares a layout against. */
export async function systemTableIndexes(app: TestApp, table: string): Promise<TableIndex[]> {
  const { rows } = await sql<TableIndex>`
    SELECT c.relname AS name, i.indisprimary AS primary,
      substring(pg_get_indexdef(i.indexrelid) FROM '\\((.*)\\)') AS columns
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = format('%I.%I', ${app.database.schemas.system}::text, ${table}::text)::regclass
    ORDER BY 1`.execute(app.database.db);
  return rows;
}
