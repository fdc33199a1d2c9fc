import type { OverviewDefinition } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas } from "../../db/database.ts";

const table = (schemas: Schemas) => sql.id(schemas.system, "record_overviews");

export async function loadOverviews(
  db: Db,
  schemas: Schemas,
  object?: string,
): Promise<Map<string, OverviewDefinition>> {
  const where = object === undefined ? sql`` : sql`WHERE object = ${object}`;
  const { rows } = await sql<{ object: string; definition: OverviewDefinition }>`
    SELECT object, definition FROM ${table(schemas)} ${where} ORDER BY object`.execute(db);
  return new Map(rows.map((row) => [row.object, row.definition]));
}

export async function saveOverview(
  db: Db,
  schemas: Schemas,
  object: string,
  definition: OverviewDefinition,
  now: Date,
): Promise<void> {
  await sql`INSERT INTO ${table(schemas)} (object, definition, updated_at)
    VALUES (${object}, ${JSON.stringify(definition)}::jsonb, ${now})
    ON CONFLICT (object) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`.execute(
    db,
  );
}

export async function deleteOverview(db: Db, schemas: Schemas, object: string): Promise<void> {
  await sql`DELETE FROM ${table(schemas)} WHERE object = ${object}`.execute(db);
}
