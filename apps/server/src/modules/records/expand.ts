import {
  type FieldDefinition,
  type FormulaContext,
  type InverseRelation,
  KeduoError,
  type MetadataSnapshot,
} from "@keduo/core";
import { sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { type AccessContext, recordPredicate, restrictModel } from "../access/index.ts";
import { inverseRelationsOf, modelFor, type ObjectModel } from "../metadata/index.ts";
import { junctionTable, objectTable } from "../schema-sync/index.ts";
import { type FormulaSqlOf, formulaSelects } from "./formula-columns.ts";
import { columnsFor, encodeRecord, type Row } from "./record-codec.ts";

/** At most this many related records per parent in an expanded reverse list. */
export const REVERSE_LIST_LIMIT = 100;

type Plan = { kind: "field"; field: FieldDefinition } | { kind: "inverse"; inverse: InverseRelation };

/** Checks `expand=` names against the object's relations, user fields and reverse lists. */
export function planExpand(
  snapshot: MetadataSnapshot,
  model: ObjectModel,
  names: string[],
  access: AccessContext,
): Plan[] {
  // A reverse list is offered only when the user may read its object and see the relation field.
  const inverses = inverseRelationsOf(snapshot, model.object.apiName).filter((inverse) => {
    const source = modelFor(snapshot, inverse.sourceObject);
    const field = source?.fieldByName.get(inverse.sourceField);
    return (
      source &&
      field &&
      access.permissions.object(source.object.apiName).read &&
      restrictModel(source, access).fieldAccess(field) !== "hidden"
    );
  });
  return names.map((name) => {
    const field = model.fieldByName.get(name);
    if (field && (field.type === "relation" || field.type === "user")) return { kind: "field", field };
    const inverse = inverses.find((i) => i.apiName === name);
    if (inverse) return { kind: "inverse", inverse };
    throw new KeduoError("VALIDATION_FAILED", {
      issues: [{ field: "expand", code: "unknown_field", params: { name } }],
    });
  });
}

/** The read's clock reading and how it compiles formula fields. */
export interface ExpandContext {
  context: FormulaContext;
  formulaSql: FormulaSqlOf;
}

const selectColumns = (model: ObjectModel, alias: string, read: ExpandContext) =>
  sql.join([
    ...columnsFor(model, model.fields).map((c) => sql.id(alias, c)),
    ...formulaSelects(model.fields, alias, read.formulaSql),
  ]);

/** The related object as this user may read it: its visible fields and the row predicate, or null if unreadable. */
function scopeOf(database: Database, access: AccessContext, full: ObjectModel, read: ExpandContext) {
  if (!access.permissions.object(full.object.apiName).read) return null;
  const predicate = recordPredicate(access, full, "read", {
    schemas: database.schemas,
    alias: "r",
    today: read.context.today,
    timeZone: read.context.timeZone,
    formula: (field) => read.formulaSql(field, "r"),
  });
  return { model: restrictModel(full, access), where: predicate ? sql` AND ${predicate}` : sql`` };
}

/**
 * Loads every expanded relation of a page with one query per relation (never one per row) and writes the
 * related records into the encoded page in place.
 */
export async function applyExpand(
  database: Database,
  access: AccessContext,
  read: ExpandContext,
  model: ObjectModel,
  plans: Plan[],
  rows: Row[],
  records: Row[],
): Promise<void> {
  const snapshot = access.snapshot;
  const ids = rows.map((r) => String(r.id));
  if (ids.length === 0) return;
  const { db, schemas } = database;
  for (const plan of plans) {
    if (plan.kind === "field" && plan.field.type === "user") {
      const field = plan.field;
      const userIds = [...new Set(rows.map((r) => r[field.apiName]).filter(Boolean))] as string[];
      const users = userIds.length
        ? await db.selectFrom("users").select(["id", "name", "email"]).where("id", "in", userIds).execute()
        : [];
      const byId = new Map(users.map((u) => [u.id, u]));
      for (const record of records) record[field.apiName] = byId.get(String(record[field.apiName])) ?? null;
      continue;
    }
    if (plan.kind === "field") {
      const field = plan.field;
      const targetFull = modelFor(snapshot, field.config.relation?.target ?? "");
      const scope = targetFull ? scopeOf(database, access, targetFull, read) : null;
      if (!targetFull || !scope) {
        for (const record of records) record[field.apiName] = model.isManyToMany(field) ? [] : null;
        continue;
      }
      const target = scope.model;
      const table = objectTable(schemas, target.object.apiName);
      if (model.isManyToMany(field)) {
        const { rows: related } = await sql<Row>`
          SELECT j.source_id AS "__parent", ${selectColumns(target, "r", read)} FROM ${junctionTable(schemas, field)} j
          JOIN ${table} r ON r.id = j.target_id AND r.deleted_at IS NULL${scope.where}
          WHERE j.source_id = ANY(${ids}::uuid[]) ORDER BY j.position, r.id`.execute(db);
        assignLists(records, related, field.apiName, target);
      } else {
        const targetIds = [...new Set(rows.map((r) => r[field.apiName]).filter(Boolean))] as string[];
        const { rows: related } = targetIds.length
          ? await sql<Row>`SELECT ${selectColumns(target, "r", read)} FROM ${table} r
              WHERE r.id = ANY(${targetIds}::uuid[]) AND r.deleted_at IS NULL${scope.where}`.execute(db)
          : { rows: [] as Row[] };
        const byId = new Map(related.map((r) => [String(r.id), encodeRecord(target, r)]));
        for (const record of records) record[field.apiName] = byId.get(String(record[field.apiName])) ?? null;
      }
      continue;
    }
    const { inverse } = plan;
    const sourceFull = modelFor(snapshot, inverse.sourceObject);
    const sourceField = sourceFull?.fieldByName.get(inverse.sourceField);
    const scope = sourceFull ? scopeOf(database, access, sourceFull, read) : null;
    if (!sourceFull || !sourceField || !scope) continue;
    const source = scope.model;
    const table = objectTable(schemas, source.object.apiName);
    const { rows: related } =
      inverse.cardinality === "many_to_many"
        ? await sql<Row>`
            SELECT j.target_id AS "__parent", ${selectColumns(source, "r", read)} FROM ${junctionTable(schemas, sourceField)} j
            JOIN ${table} r ON r.id = j.source_id AND r.deleted_at IS NULL${scope.where}
            WHERE j.target_id = ANY(${ids}::uuid[]) ORDER BY r.id DESC`.execute(db)
        : await sql<Row>`
            SELECT * FROM (
              SELECT r.${sql.id(sourceField.apiName)} AS "__parent", ${selectColumns(source, "r", read)},
                row_number() OVER (PARTITION BY r.${sql.id(sourceField.apiName)} ORDER BY r.id DESC) AS "__rank"
              FROM ${table} r WHERE r.${sql.id(sourceField.apiName)} = ANY(${ids}::uuid[]) AND r.deleted_at IS NULL${scope.where}
            ) ranked WHERE "__rank" <= ${REVERSE_LIST_LIMIT}`.execute(db);
    assignLists(records, related, inverse.apiName, source);
  }
}

function assignLists(records: Row[], related: Row[], key: string, model: ObjectModel) {
  const byParent = new Map<string, Row[]>();
  for (const row of related) {
    const parent = String(row.__parent);
    const list = byParent.get(parent) ?? [];
    list.push(encodeRecord(model, row));
    byParent.set(parent, list);
  }
  for (const record of records) record[key] = byParent.get(String(record.id)) ?? [];
}

/** Many-to-many id lists for a page: one grouped query per many-to-many field. */
export async function loadManyToManyIds(
  database: Database,
  model: ObjectModel,
  fields: FieldDefinition[],
  ids: string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (ids.length === 0) return result;
  for (const field of fields.filter((f) => model.isManyToMany(f))) {
    const { rows } = await sql<{ source_id: string; ids: string[] }>`
      SELECT source_id, array_agg(target_id ORDER BY position, target_id) AS ids
      FROM ${junctionTable(database.schemas, field)} WHERE source_id = ANY(${ids}::uuid[]) GROUP BY source_id`.execute(
      database.db,
    );
    for (const row of rows) result.set(`${field.apiName}:${row.source_id}`, row.ids);
  }
  return result;
}
