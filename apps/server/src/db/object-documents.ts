import { sql } from "kysely";
import type { Db, Schemas } from "./database.ts";

/**
 * A system table holding one JSON definition per object (`object text PRIMARY KEY, definition jsonb,
 * updated_at`): record overviews, record conversions. Definitions are metadata; callers write them inside a
 * metadata change.
 */
export function objectDocuments<T>(schemas: Schemas, tableName: string) {
  const table = sql.id(schemas.system, tableName);
  return {
    async load(db: Db, object?: string): Promise<Map<string, T>> {
      const where = object === undefined ? sql`` : sql`WHERE object = ${object}`;
      const { rows } = await sql<{ object: string; definition: T }>`
        SELECT object, definition FROM ${table} ${where} ORDER BY object`.execute(db);
      return new Map(rows.map((row) => [row.object, row.definition]));
    },
    async save(db: Db, object: string, definition: T, now: Date): Promise<void> {
      await sql`INSERT INTO ${table} (object, definition, updated_at)
        VALUES (${object}, ${JSON.stringify(definition)}::jsonb, ${now})
        ON CONFLICT (object) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`.execute(
        db,
      );
    },
    async remove(db: Db, object: string): Promise<void> {
      await sql`DELETE FROM ${table} WHERE object = ${object}`.execute(db);
    },
  };
}
