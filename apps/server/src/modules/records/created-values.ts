import { sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { isFromTo, recordChangesAfter } from "../audit/index.ts";
import type { ObjectModel } from "../metadata/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { loadManyToManyIds } from "./expand.ts";
import { encodeRecord, type Row } from "./record-codec.ts";

const isEmpty = (value: unknown) =>
  value === null || value === undefined || (Array.isArray(value) && value.length === 0);

/**
 * A created record's values as its history shows them, `{ field: { from: null, to } }`: the record's values
 * now, each field a later audit row changed taken back to that row's `from` (the earliest wins). Its audit
 * row does not store them (ADR 0036). Like the write did, only filled fields are listed.
 */
export async function createdChanges(
  database: Database,
  model: ObjectModel,
  target: { recordId: string; auditId: number },
): Promise<Record<string, { from: null; to: unknown }>> {
  const table = objectTable(database.schemas, model.object.apiName);
  const { rows } = await sql<Row>`SELECT * FROM ${table} WHERE id = ${target.recordId}`.execute(database.db);
  const row = rows[0];
  if (!row) return {};
  const manyToMany = await loadManyToManyIds(database, model, model.fields, [target.recordId]);
  const current = encodeRecord(model, row, { manyToMany });
  const values = new Map<string, unknown>(
    model.fields.map((field) => [field.apiName, current[field.apiName]]),
  );
  const rolledBack = new Set<string>();
  const later = await recordChangesAfter(database.db, {
    object: model.object.apiName,
    recordId: target.recordId,
    afterId: target.auditId,
  });
  for (const changes of later) {
    for (const [name, change] of Object.entries(changes)) {
      if (rolledBack.has(name) || !values.has(name) || !isFromTo(change)) continue;
      rolledBack.add(name);
      values.set(name, (change as { from: unknown }).from ?? null);
    }
  }
  const created: Record<string, { from: null; to: unknown }> = {};
  for (const [name, value] of values) if (!isEmpty(value)) created[name] = { from: null, to: value };
  return created;
}
