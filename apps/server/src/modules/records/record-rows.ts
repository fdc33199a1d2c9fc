import { fieldTypeOf, KeduoError } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import type { ObjectModel } from "../metadata/index.ts";
import { junctionTable, objectTable } from "../schema-sync/index.ts";
import type { Row } from "./record-codec.ts";
import { toParameter } from "./record-insert.ts";
import type { PendingRecord, WriteContext } from "./write-pipeline.ts";

// The row-level SQL of a write to existing records: lock and check, update, replace many-to-many links.

/** Which rows a write may find: live ones, ones in the recycle bin (restore), or either (permanent delete). */
export type DeletedRows = "live" | "deleted" | "either";

/**
 * Locks the rows to change (FOR UPDATE) and checks each client's version: of concurrent writers holding the
 * same version, the first commits and the others see the new version here and get 412.
 */
export async function lockRows(
  ctx: WriteContext,
  schemas: Schemas,
  inputs: Array<{ id: string; version?: number }>,
  which: DeletedRows,
) {
  const table = objectTable(schemas, ctx.model.object.apiName);
  const ids = inputs.map((i) => i.id);
  const { rows } = await sql<Row>`SELECT * FROM ${table} WHERE id = ANY(${ids}::uuid[]) FOR UPDATE`.execute(
    ctx.trx,
  );
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  for (const input of inputs) {
    const row = byId.get(input.id);
    const deleted = row ? row.deleted_at !== null : false;
    if (!row || (which === "live" && deleted)) {
      throw new KeduoError("RECORD_NOT_FOUND", {
        params: { object: ctx.model.object.apiName, id: input.id },
      });
    }
    if (which === "deleted" && !deleted) throw new KeduoError("RECORD_NOT_DELETED");
    if (input.version !== undefined && Number(row.version) !== input.version) {
      throw new KeduoError("RECORD_VERSION_CONFLICT", {
        params: { expected: input.version, actual: Number(row.version) },
        extra: { current_version: Number(row.version) },
      });
    }
  }
  return byId;
}

/**
 * Whether an update would leave the record as it is: every field it sends reads back (in API form) as the
 * record holds it now. Links to many records count as a change (they are replaced, not compared).
 */
export function changesNothing(model: ObjectModel, record: PendingRecord): boolean {
  if (!record.before || record.input.manyToMany.size > 0) return false;
  const after = { ...record.before, ...record.input.columns };
  return record.input.touched.every((touched) => {
    const field = model.fieldByName.get(touched.apiName);
    if (!field) return false;
    const type = fieldTypeOf(field.type);
    return (
      JSON.stringify(type.fromColumns(record.before!, field)) ===
      JSON.stringify(type.fromColumns(after, field))
    );
  });
}

/** Sets columns on one locked row, with a new version and who and when; the row as stored. */
export async function updateRow(
  ctx: WriteContext,
  schemas: Schemas,
  record: PendingRecord,
  columns: Row,
): Promise<Row> {
  const table = objectTable(schemas, ctx.model.object.apiName);
  const assignments: RawBuilder<unknown>[] = Object.entries(columns).map(
    ([column, value]) => sql`${sql.id(column)} = ${toParameter(value)}`,
  );
  assignments.push(
    sql`version = version + 1`,
    sql`updated_at = ${ctx.now}`,
    sql`updated_by = ${ctx.actorId}`,
  );
  const { rows } =
    await sql<Row>`UPDATE ${table} SET ${sql.join(assignments)} WHERE id = ${record.id} RETURNING *`.execute(
      ctx.trx,
    );
  return rows[0]!;
}

/**
 * Writes the many-to-many links the records' input names, replacing an update's old links (kept on each
 * record for the event's added/removed lists): one read, one delete and batched inserts per field.
 */
export async function replaceManyToMany(ctx: WriteContext, schemas: Schemas, records: PendingRecord[]) {
  for (const field of ctx.model.fields.filter((f) => ctx.model.isManyToMany(f))) {
    const touched = records.filter((r) => r.input.manyToMany.has(field));
    if (touched.length === 0) continue;
    const junction = junctionTable(schemas, field);
    if (ctx.operation === "update") {
      const { rows } = await sql<{ source_id: string; target_id: string }>`SELECT source_id, target_id
        FROM ${junction} WHERE source_id = ANY(${touched.map((r) => r.id)}::uuid[]) ORDER BY position`.execute(
        ctx.trx,
      );
      for (const record of touched) {
        record.manyToManyBefore ??= new Map();
        record.manyToManyBefore.set(
          field.apiName,
          rows.filter((row) => row.source_id === record.id).map((row) => row.target_id),
        );
      }
      await sql`DELETE FROM ${junction} WHERE source_id = ANY(${touched.map((r) => r.id)}::uuid[])`.execute(
        ctx.trx,
      );
    }
    const pairs = touched.flatMap((r) =>
      (r.input.manyToMany.get(field) ?? []).map((target, position) => sql`(${r.id}, ${target}, ${position})`),
    );
    for (let start = 0; start < pairs.length; start += 10_000) {
      await sql`INSERT INTO ${junction} (source_id, target_id, position) VALUES ${sql.join(pairs.slice(start, start + 10_000))}`.execute(
        ctx.trx,
      );
    }
  }
}
