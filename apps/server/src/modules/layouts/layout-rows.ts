import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";
import type { FormLayout, LayoutSection } from "./layout.ts";

// The table is this module's own (migration 008); it is reached by schema-qualified name so the shared
// system-table types need not know it.
const table = (schemas: Schemas) => sql.id(schemas.system, "form_layouts");

export async function loadLayout(
  executor: Db | Trx,
  schemas: Schemas,
  object: string,
): Promise<FormLayout | null> {
  const { rows } = await sql<{ sections: LayoutSection[]; version: number }>`
    SELECT sections, version FROM ${table(schemas)} WHERE object = ${object}`.execute(executor);
  const row = rows[0];
  return row ? { object, version: Number(row.version), sections: row.sections } : null;
}

export async function saveLayout(
  trx: Trx,
  schemas: Schemas,
  layout: FormLayout,
  meta: { now: Date; actorId: string | null },
): Promise<void> {
  await sql`INSERT INTO ${table(schemas)} (object, sections, version, updated_at, updated_by)
    VALUES (${layout.object}, ${JSON.stringify(layout.sections)}::jsonb, ${layout.version}, ${meta.now}, ${meta.actorId})
    ON CONFLICT (object) DO UPDATE SET sections = EXCLUDED.sections, version = EXCLUDED.version,
      updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`.execute(trx);
}

export async function deleteLayout(trx: Trx, schemas: Schemas, object: string): Promise<void> {
  await sql`DELETE FROM ${table(schemas)} WHERE object = ${object}`.execute(trx);
}
