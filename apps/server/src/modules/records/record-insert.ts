import { fieldTypeOf } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { ObjectModel } from "./object-model.ts";
import type { Row } from "./record-codec.ts";
import type { PendingRecord, WriteContext } from "./write-pipeline.ts";

// PostgreSQL accepts at most 65,535 bind parameters per statement.
const MAX_PARAMETERS = 60_000;

/**
 * Inserts the records. Usually one `INSERT … SELECT FROM unnest(column arrays)`: one bind parameter per
 * column whatever the number of records (measured: a 1,000-record call spends far less time building and
 * parsing the statement than with 15,000 VALUES parameters). Objects with list-typed columns (multi
 * select), which unnest would flatten, use multi-row VALUES chunked under the bind-parameter limit.
 */
export async function insertRecords(ctx: WriteContext, table: RawBuilder<unknown>): Promise<Row[]> {
  const fieldColumns = [...new Set(ctx.records.flatMap((r) => Object.keys(r.input.columns)))];
  const columns = [
    "id",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "owner_id",
    "version",
    ...fieldColumns,
  ];
  const rowValues = (record: PendingRecord) => [
    record.id,
    ctx.now,
    ctx.now,
    ctx.actorId,
    ctx.actorId,
    ctx.actorId,
    1,
    ...fieldColumns.map((c) => toParameter(record.input.columns[c] ?? null)),
  ];
  const types = columnSqlTypes(ctx.model, fieldColumns);
  const columnList = sql.join(columns.map((c) => sql.id(c)));
  const inserted: Row[] = [];
  if (types && ctx.records.length > 1) {
    const matrix = ctx.records.map(rowValues);
    const arrays = columns.map((_, i) => sql`${matrix.map((row) => row[i])}::${sql.raw(`${types[i]}[]`)}`);
    const { rows } = await sql<Row>`INSERT INTO ${table} (${columnList})
      SELECT * FROM unnest(${sql.join(arrays)}) RETURNING *`.execute(ctx.trx);
    inserted.push(...rows);
  } else {
    const perChunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    for (let start = 0; start < ctx.records.length; start += perChunk) {
      const values = ctx.records
        .slice(start, start + perChunk)
        .map((record) => sql`(${sql.join(rowValues(record))})`);
      const { rows } =
        await sql<Row>`INSERT INTO ${table} (${columnList}) VALUES ${sql.join(values)} RETURNING *`.execute(
          ctx.trx,
        );
      inserted.push(...rows);
    }
  }
  // RETURNING follows the input order for both forms; match by id anyway, so it never depends on that.
  const byId = new Map(inserted.map((row) => [String(row.id), row]));
  ctx.records.forEach((record, i) => {
    record.after = byId.get(record.id) ?? inserted[i]!;
  });
  return ctx.records.map((record) => record.after!);
}

/** JSON-typed columns (attachments) are sent as JSON text; arrays of text stay arrays. */
export function toParameter(value: unknown): unknown {
  if (value !== null && typeof value === "object" && !(value instanceof Date) && !Array.isArray(value))
    return JSON.stringify(value);
  if (Array.isArray(value) && value.some((v) => typeof v === "object" && v !== null))
    return JSON.stringify(value);
  return value;
}

const SYSTEM_COLUMN_TYPES = ["uuid", "timestamptz", "timestamptz", "uuid", "uuid", "uuid", "integer"];

/** SQL types of the insert's columns for `unnest`, or null when a column holds lists (unnest would flatten). */
function columnSqlTypes(model: ObjectModel, fieldColumns: string[]): string[] | null {
  const byColumn = new Map<string, string>();
  for (const field of model.fields) {
    for (const spec of fieldTypeOf(field.type).columns(field)) byColumn.set(spec.name, spec.sqlType);
  }
  const types = fieldColumns.map((column) => byColumn.get(column));
  if (types.some((type) => !type || type.endsWith("[]"))) return null;
  return [...SYSTEM_COLUMN_TYPES, ...(types as string[])];
}
