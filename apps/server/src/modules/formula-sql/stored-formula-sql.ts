import type { FieldDefinition, FormulaContext, MetadataSnapshot } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import { objectTable, plainIndexName } from "../schema-sync/index.ts";
import { formulaFieldSql } from "./object-sql-scope.ts";
import { storedColumnType } from "./stored-formula-paths.ts";

type Sql = RawBuilder<unknown>;
type Snapshot = Pick<MetadataSnapshot, "objects">;

/**
 * Stored values depend on stored rows only (deterministic formulas), so any clock reading gives the same SQL;
 * a fixed one keeps the compiled text comparable between metadata versions.
 */
export const STORED_CONTEXT: FormulaContext = {
  now: new Date(0),
  today: "1970-01-01",
  timeZone: "UTC",
};

/** The formula's value on the row `alias`, computed from its inputs (every formula it reads inlined). */
export function computedSql(
  snapshot: Snapshot,
  schemas: Schemas,
  field: FieldDefinition,
  alias: string,
): Sql {
  return formulaFieldSql({ snapshot, schemas, field, alias, context: STORED_CONTEXT });
}

/**
 * Recomputes stored formulas of one object for the rows whose ids are `ids` (every row when null, a
 * backfill): one UPDATE for the whole write batch, the values computed in a derived table, and only rows
 * whose value changed are written (no new row version, no index churn for the rest). A rollup's correlated
 * subquery runs once per affected parent, on the index of the children's foreign key.
 */
export async function recomputeStoredFormulas(
  trx: Trx,
  snapshot: Snapshot,
  schemas: Schemas,
  fields: FieldDefinition[],
  ids: readonly string[] | null,
): Promise<number> {
  if (fields.length === 0 || (ids !== null && ids.length === 0)) return 0;
  const object = fields[0]!.objectApiName;
  const table = objectTable(schemas, object);
  if (ids === null) {
    // A backfill of every row: each value computed once on the row itself, no self-join of the table.
    const assignments = fields.map(
      (field) => sql`${sql.id(field.apiName)} = ${computedSql(snapshot, schemas, field, "s")}`,
    );
    const result = await sql`UPDATE ${table} AS s SET ${sql.join(assignments)}`.execute(trx);
    return Number(result.numAffectedRows ?? 0);
  }
  const result = await updateRows(snapshot, schemas, fields, ids, sql``).execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** Stored formula columns a write changed on one row, as column values before and after it. */
export interface StoredValueChange {
  object: string;
  id: string;
  version: number;
  columns: Record<string, { from: unknown; to: unknown }>;
}

/**
 * recomputeStoredFormulas for a record write, answering what changed on each row (for the write's events):
 * the derived table reads each row's values before the UPDATE beside the new ones, so one statement tells both.
 */
export async function recomputeForWrite(
  trx: Trx,
  snapshot: Snapshot,
  schemas: Schemas,
  fields: FieldDefinition[],
  ids: readonly string[],
): Promise<StoredValueChange[]> {
  if (fields.length === 0 || ids.length === 0) return [];
  const returning = sql`RETURNING t.id, t.version, ${sql.join(
    fields.flatMap((_, i) => [sql.ref(`v.o${i}`), sql.ref(`v.v${i}`)]),
  )}`;
  const { rows } = await updateRows(snapshot, schemas, fields, ids, returning).execute(trx);
  return (rows as Record<string, unknown>[]).map((row) => {
    const columns: StoredValueChange["columns"] = {};
    fields.forEach((field, i) => {
      const [from, to] = [row[`o${i}`] ?? null, row[`v${i}`] ?? null];
      if (JSON.stringify(from) !== JSON.stringify(to)) columns[field.apiName] = { from, to };
    });
    return { object: fields[0]!.objectApiName, id: String(row.id), version: Number(row.version), columns };
  });
}

/** The UPDATE of stored values on `ids`, writing only rows whose value changed; `o<i>` are the old values. */
function updateRows(
  snapshot: Snapshot,
  schemas: Schemas,
  fields: FieldDefinition[],
  ids: readonly string[],
  returning: Sql,
) {
  const table = objectTable(schemas, fields[0]!.objectApiName);
  const values = fields.flatMap((field, i) => [
    sql`${computedSql(snapshot, schemas, field, "s")} AS ${sql.id(`v${i}`)}`,
    sql`s.${sql.id(field.apiName)} AS ${sql.id(`o${i}`)}`,
  ]);
  const assignments = fields.map((field, i) => sql`${sql.id(field.apiName)} = v.${sql.id(`v${i}`)}`);
  const changed = fields.map(
    (field, i) => sql`t.${sql.id(field.apiName)} IS DISTINCT FROM v.${sql.id(`v${i}`)}`,
  );
  return sql`UPDATE ${table} AS t SET ${sql.join(assignments)}
    FROM (SELECT s.id, ${sql.join(values)} FROM ${table} AS s WHERE s.id = ANY(${ids}::uuid[])) AS v
    WHERE t.id = v.id AND (${sql.join(changed, sql` OR `)}) ${returning}`;
}

/** `ALTER TABLE … ADD COLUMN` for a stored formula: its type follows the result type. */
export function addStoredColumn(schemas: Schemas, field: FieldDefinition): Sql {
  const type = storedColumnType(field.config.result_type);
  if (!type) throw new Error(`formula ${field.apiName} has no storable result type`);
  return sql`ALTER TABLE ${objectTable(schemas, field.objectApiName)} ADD COLUMN ${sql.id(field.apiName)} ${sql.raw(type)}`;
}

export function dropStoredColumn(schemas: Schemas, field: FieldDefinition): Sql {
  return sql`ALTER TABLE ${objectTable(schemas, field.objectApiName)} DROP COLUMN IF EXISTS ${sql.id(field.apiName)}`;
}

/**
 * The same (column, id) index a plain indexed field gets: it serves filter, sort and keyset cursor. `IF NOT
 * EXISTS`: a backfill builds it before the metadata change that ends the fill records it (ADR 0019).
 */
export function createStoredIndex(schemas: Schemas, field: FieldDefinition): Sql {
  const column = sql.id(field.apiName);
  if (field.config.result_type === "multi_select")
    return sql`CREATE INDEX IF NOT EXISTS ${sql.id(plainIndexName(field))} ON ${objectTable(schemas, field.objectApiName)} USING gin (${column})`;
  return sql`CREATE INDEX IF NOT EXISTS ${sql.id(plainIndexName(field))} ON ${objectTable(schemas, field.objectApiName)} (${column}, id) WHERE deleted_at IS NULL`;
}

export function dropStoredIndex(schemas: Schemas, field: FieldDefinition): Sql {
  return sql`DROP INDEX IF EXISTS ${sql.id(schemas.workspace, plainIndexName(field))}`;
}
