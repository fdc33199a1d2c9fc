import type { FieldDefinition, MetadataSnapshot } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import { objectTable } from "../schema-sync/index.ts";
import { formulaReach, isStoredFormula, storedFormulas } from "./stored-formula-paths.ts";
import {
  addStoredColumn,
  computedSql,
  createStoredIndex,
  dropStoredColumn,
  dropStoredIndex,
  recomputeStoredFormulas,
} from "./stored-formula-sql.ts";
import type { FormulaMetadataChange } from "./upstream-shapes.ts";

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

/** How backfills run: small tables in the metadata change, others after it, in batches (ADR 0019). */
export interface BackfillPolicy {
  /** Rows per batch; a table with at most this many rows is filled in the metadata transaction itself. */
  batchSize: number;
  /** Starts filling a field's column after the metadata change committed (a job; see stored-formula-backfills.ts). */
  startBackfill(objectId: string, fieldId: string): void;
}

async function fitsOneBatch(trx: Trx, schemas: Schemas, object: string, size: number): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM
    (SELECT 1 FROM ${objectTable(schemas, object)} LIMIT ${size + 1}) AS s`.execute(trx);
  return (rows[0]?.n ?? 0) <= size;
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
 * a formula that became stored (or was created or restored stored) gets its column; one whose inputs changed
 * keeps it; one that stopped being stored (unstored, deleted, or no longer storable) loses it. The values of
 * the first two are computed in the change itself when the table fits one batch (then it is indexed at once
 * when `indexed`); on a bigger table the field is marked filling and filled after the commit, outside the
 * metadata lock, by the backfill, which also builds the index (ADR 0019). DDL goes through `run`, so the
 * schema-change log records it.
 */
export async function syncStoredFormulas(
  change: FormulaMetadataChange,
  schemas: Schemas,
  after: Snapshot,
  policy: BackfillPolicy,
): Promise<void> {
  const { trx, snapshot: before, run } = change;
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
    if (keep.has(old.id)) continue;
    if (old.filling) await change.setFilling(old.id, false);
    // A dropped object took its columns with it.
    if (after.objects.has(old.objectApiName)) await run([dropStoredColumn(schemas, old)]);
  }
  const backfill = new Map<string, FieldDefinition[]>();
  for (const field of now) {
    const old = was.get(field.id);
    const fresh = !old || old.config.result_type !== field.config.result_type;
    if (fresh) {
      if (old) await run([dropStoredColumn(schemas, old)]);
      await run([addStoredColumn(schemas, field)]);
    } else if (signature(trx, before, schemas, old) === signature(trx, after, schemas, field)) {
      // A column being filled gets its index when it is filled.
      if (old.indexed && !field.indexed) await run([dropStoredIndex(schemas, field)]);
      else if (!old.indexed && field.indexed && !field.filling)
        await run([createStoredIndex(schemas, field)]);
      continue;
    } else if (old.indexed && !field.indexed) {
      await run([dropStoredIndex(schemas, field)]);
    }
    const list = backfill.get(field.objectApiName) ?? [];
    list.push(field);
    backfill.set(field.objectApiName, list);
  }
  for (const [object, fields] of backfill) {
    if (!(await fitsOneBatch(trx, schemas, object, policy.batchSize))) {
      const objectId = after.objects.get(object)!.id;
      for (const field of fields) {
        await change.setFilling(field.id, true);
        change.afterCommit(() => policy.startBackfill(objectId, field.id));
      }
      continue;
    }
    await recomputeStoredFormulas(trx, after, schemas, fields, null);
    for (const field of fields) {
      if (field.filling) await change.setFilling(field.id, false);
      // Indexed after the backfill: one sorted build instead of an index insertion per row.
      if (field.indexed) await run([createStoredIndex(schemas, field)]);
    }
  }
}
