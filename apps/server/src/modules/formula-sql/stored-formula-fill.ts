import type { FieldDefinition, MetadataSnapshot } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import { objectTable } from "../schema-sync/index.ts";
import { recomputeStoredFormulas } from "./stored-formula-sql.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

const after = (cursor: string | null) => (cursor === null ? sql`true` : sql`id > ${cursor}::uuid`);

/**
 * Fills the next `size` rows of a stored formula's column after `cursor` (keyset by id), in the caller's
 * transaction; returns the last id filled, or null when no row is left. The rows are locked first (in id
 * order) and computed by a later statement: a record write that changed their inputs either committed
 * before the lock was granted — and the computing statement's snapshot sees it — or waits for this batch
 * and then recomputes the rows itself (stored-formula-hooks.ts locks the same rows before it does). So a
 * batch never writes a value older than the last committed write. (One UPDATE computing with subqueries
 * could: after waiting for a row lock, PostgreSQL re-evaluates the row but runs the subqueries with the
 * statement's first snapshot, which misses the writer's looked-up or counted rows.)
 */
export async function fillStoredBatch(
  trx: Trx,
  snapshot: Snapshot,
  schemas: Schemas,
  field: FieldDefinition,
  cursor: string | null,
  size: number,
): Promise<string | null> {
  const table = objectTable(schemas, field.objectApiName);
  const { rows } = await sql<{ id: string }>`SELECT id FROM ${table} WHERE ${after(cursor)}
    ORDER BY id LIMIT ${size} FOR UPDATE`.execute(trx);
  if (rows.length === 0) return null;
  const ids = rows.map((row) => row.id);
  await recomputeStoredFormulas(trx, snapshot, schemas, [field], ids);
  return ids.at(-1)!;
}

/** Whether rows after `cursor` remain to be filled (read under the lock of the change that ends the fill). */
export async function rowsLeftToFill(
  trx: Trx,
  schemas: Schemas,
  field: FieldDefinition,
  cursor: string | null,
): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM ${objectTable(schemas, field.objectApiName)}
    WHERE ${after(cursor)} LIMIT 1`.execute(trx);
  return rows.length > 0;
}
