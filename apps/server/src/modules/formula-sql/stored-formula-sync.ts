import type { FieldDefinition, MetadataSnapshot } from "@keduo/core";
import type { RawBuilder } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import { formulaReach, isStoredFormula, storedFormulas } from "./stored-formula-paths.ts";
import {
  addStoredColumn,
  computedSql,
  createStoredIndex,
  dropStoredColumn,
  dropStoredIndex,
  recomputeStoredFormulas,
} from "./stored-formula-sql.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

/**
 * What a stored value is a function of: the compiled SQL (expression, inlined formulas, columns read) and
 * the types of the fields at the end of every path (a currency field rounds what a number field kept).
 * When it changes between two metadata versions, every stored value of the formula is recomputed.
 */
function signature(trx: Trx, snapshot: Snapshot, schemas: Schemas, field: FieldDefinition): string {
  const compiled = computedSql(snapshot, schemas, field, "s").compile(trx);
  const ends = formulaReach(snapshot, field).paths.map((path) => {
    const object = path.hops.at(-1)?.to ?? field.objectApiName;
    const end = snapshot.objects.get(object)?.fields.find((f) => f.apiName === path.name);
    return [object, path.name, end?.type ?? null, end?.config.scale ?? null];
  });
  return JSON.stringify([compiled.sql, compiled.parameters, ends, field.config.result_type]);
}

/**
 * Formulas that ask to be stored but may not be as defined now, whose column may still exist: a rollup
 * stored before ADR 0015 counts as the reader since, so it is computed at read time and its column is
 * left alone until the field (or what makes it unstorable) changes.
 */
function leftOverColumns(snapshot: Snapshot): FieldDefinition[] {
  const fields: FieldDefinition[] = [];
  for (const object of snapshot.objects.values())
    for (const field of object.fields)
      if (field.type === "formula" && field.config.stored === true && !isStoredFormula(snapshot, field))
        fields.push(field);
  return fields;
}

const fieldIn = (snapshot: Snapshot, field: FieldDefinition) =>
  snapshot.objects.get(field.objectApiName)?.fields.find((f) => f.id === field.id);

/**
 * Brings stored formula columns in line with the definitions after a metadata change, in its transaction:
 * a formula that became stored (or was created or restored stored) gets its column, is backfilled with one
 * set-based UPDATE, then indexed when `indexed`; one whose inputs changed is recomputed; one that stopped
 * being stored (unstored, deleted, or no longer storable) loses its column. DDL goes through `run`, so
 * the schema-change log records it.
 */
export async function syncStoredFormulas(
  trx: Trx,
  schemas: Schemas,
  before: Snapshot,
  after: Snapshot,
  run: (statements: RawBuilder<unknown>[]) => Promise<void>,
): Promise<void> {
  const was = new Map(storedFormulas(before).map((f) => [f.id, f]));
  const now = storedFormulas(after);
  const keep = new Set(now.map((f) => f.id));
  for (const old of leftOverColumns(before)) {
    if (!after.objects.has(old.objectApiName)) continue;
    const current = fieldIn(after, old);
    // Untouched and still not storable: nothing to do. Otherwise the old column goes (IF EXISTS) before
    // the formula is dropped for good or gets a fresh column below.
    if (!keep.has(old.id) && current && JSON.stringify(current) === JSON.stringify(old)) continue;
    await run([dropStoredColumn(schemas, old)]);
  }
  for (const old of was.values()) {
    // A dropped object took its columns with it.
    if (keep.has(old.id) || !after.objects.has(old.objectApiName)) continue;
    await run([dropStoredColumn(schemas, old)]);
  }
  const backfill = new Map<string, FieldDefinition[]>();
  for (const field of now) {
    const old = was.get(field.id);
    const fresh = !old || old.config.result_type !== field.config.result_type;
    if (fresh) {
      if (old) await run([dropStoredColumn(schemas, old)]);
      await run([addStoredColumn(schemas, field)]);
    } else if (signature(trx, before, schemas, old) === signature(trx, after, schemas, field)) {
      if (old.indexed !== field.indexed)
        await run([field.indexed ? createStoredIndex(schemas, field) : dropStoredIndex(schemas, field)]);
      continue;
    } else if (old.indexed && !field.indexed) {
      await run([dropStoredIndex(schemas, field)]);
    }
    const list = backfill.get(field.objectApiName) ?? [];
    list.push(field);
    backfill.set(field.objectApiName, list);
  }
  for (const fields of backfill.values()) {
    await recomputeStoredFormulas(trx, after, schemas, fields, null);
    // Indexed after the backfill: one sorted build instead of a million index insertions.
    for (const field of fields) {
      const old = was.get(field.id);
      const hasIndex = old && old.config.result_type === field.config.result_type && old.indexed;
      if (field.indexed && !hasIndex) await run([createStoredIndex(schemas, field)]);
    }
  }
}
