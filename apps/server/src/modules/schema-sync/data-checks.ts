import type { FieldDefinition } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import { objectTable } from "./names.ts";

export interface OffendingRecords {
  count: number;
  /** At most 100, enough to show the admin which records to fix first. */
  records: Array<{ id: string; value: unknown; deleted: boolean }>;
  reason: "blank" | "duplicate" | "unconvertible";
}

const SAMPLE = 100;

/** Runs `condition` (a predicate on the object table) and lists the records it matches. */
export async function findOffending(
  trx: Trx,
  schemas: Schemas,
  object: string,
  field: FieldDefinition,
  condition: RawBuilder<unknown>,
  reason: OffendingRecords["reason"],
): Promise<OffendingRecords | null> {
  const table = objectTable(schemas, object);
  const column = sql.id(field.apiName);
  const { rows } = await sql<{ id: string; value: unknown; deleted: boolean; total: number }>`
    SELECT id, ${column} AS value, deleted_at IS NOT NULL AS deleted, count(*) OVER () AS total
    FROM ${table} WHERE ${condition} ORDER BY id LIMIT ${SAMPLE}`.execute(trx);
  if (rows.length === 0) return null;
  return {
    count: Number(rows[0]?.total ?? rows.length),
    records: rows.map(({ id, value, deleted }) => ({ id, value, deleted })),
    reason,
  };
}

/** NOT NULL holds for every row, soft-deleted ones too, so they count. */
export function findBlanks(trx: Trx, schemas: Schemas, object: string, field: FieldDefinition) {
  return findOffending(trx, schemas, object, field, sql`${sql.id(field.apiName)} IS NULL`, "blank");
}

export function findDuplicates(trx: Trx, schemas: Schemas, object: string, field: FieldDefinition) {
  const table = objectTable(schemas, object);
  const column = sql.id(field.apiName);
  return findOffending(
    trx,
    schemas,
    object,
    field,
    sql`deleted_at IS NULL AND ${column} IN (
      SELECT ${column} FROM ${table} WHERE deleted_at IS NULL AND ${column} IS NOT NULL
      GROUP BY ${column} HAVING count(*) > 1)`,
    "duplicate",
  );
}
