import type { FieldDefinition, MetadataSnapshot } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import { objectTable } from "../schema-sync/index.ts";
import { recomputeForWrite, type StoredValueChange } from "./stored-formula-sql.ts";
import { type BackfillPolicy, syncStoredFormulas } from "./stored-formula-sync.ts";
import { affectedIdsSql, EXISTENCE, type Trigger, triggersOn } from "./stored-formula-triggers.ts";
import type { FormulaMetadataGuard } from "./upstream-shapes.ts";

type Row = Record<string, unknown>;

/**
 * The part of a record write (records/write-pipeline.ts `WriteContext`) the maintenance reads. Declared here
 * structurally: the records module depends on this one, not the other way round.
 */
export interface StoredFormulaWrite {
  trx: Trx;
  snapshot: MetadataSnapshot;
  model: { object: { apiName: string } };
  operation: "create" | "update" | "delete" | "restore" | "transfer" | "claim";
  records: ReadonlyArray<{
    id: string;
    input: { touched: ReadonlyArray<{ apiName: string }> };
    before: Row | null;
    after?: Row;
  }>;
  /** Stored values this write changed on other records (a parent's rollup…), for the write's events. */
  derived: StoredValueChange[];
}

type WriteRecord = StoredFormulaWrite["records"][number];

interface PipelineLike {
  register(
    stage: "beforeWrite" | "verify",
    name: string,
    hook: (ctx: StoredFormulaWrite) => Promise<void>,
  ): void;
}

/** One object's share of a write: which stored formulas to recompute, for which rows. */
interface Recompute {
  formulas: Map<string, FieldDefinition>;
  own: Set<string>;
  /** Id queries back along paths from the written records; their rows are locked before recomputing. */
  reached: RawBuilder<unknown>[];
}

/** Columns a write changes on each record; null when it creates the record (everything is new). */
function changedNames(operation: StoredFormulaWrite["operation"], record: WriteRecord): Set<string> | null {
  const audit = ["updated_at", "updated_by"];
  switch (operation) {
    case "create":
      return null;
    case "update":
      return new Set([...record.input.touched.map((f) => f.apiName), ...audit]);
    case "transfer":
    case "claim":
      return new Set(["owner_id", ...audit]);
    default:
      return new Set([EXISTENCE, ...audit]);
  }
}

function fires(trigger: Trigger, changed: Set<string> | null): boolean {
  // A new record is read by its own formulas and joins the lists it belongs to; nothing points to it yet.
  if (changed === null) return trigger.position === 0 || trigger.hops[trigger.position - 1]!.kind === "list";
  for (const name of trigger.names) if (changed.has(name)) return true;
  return false;
}

function plan(ctx: StoredFormulaWrite, schemas: Schemas): Map<string, Recompute> {
  const plans = new Map<string, Recompute>();
  const triggers = triggersOn(ctx.snapshot, ctx.model.object.apiName);
  if (triggers.length === 0) return plans;
  const changed = ctx.records.map((record) => changedNames(ctx.operation, record));
  for (const trigger of triggers) {
    const records = ctx.records.filter((_, i) => fires(trigger, changed[i]!));
    if (records.length === 0) continue;
    const object = trigger.formula.objectApiName;
    const entry: Recompute = plans.get(object) ?? { formulas: new Map(), own: new Set(), reached: [] };
    plans.set(object, entry);
    entry.formulas.set(trigger.formula.id, trigger.formula);
    if (trigger.position === 0) {
      for (const record of records) entry.own.add(record.id);
      continue;
    }
    const first = trigger.hops[trigger.position - 1]!;
    const parentIds = new Set<string>();
    if (first.kind === "list") {
      for (const record of records)
        for (const row of [record.before, record.after])
          if (row?.[first.fk]) parentIds.add(String(row[first.fk]));
      if (parentIds.size === 0) continue;
    }
    entry.reached.push(
      affectedIdsSql(schemas, trigger, { ids: records.map((r) => r.id), parentIds: [...parentIds] }),
    );
  }
  return plans;
}

/**
 * Resolves each object's rows to recompute. Rows reached through other records are locked first (in id
 * order): two writers changing children of one parent then take turns, and the second one's recompute — a
 * later statement, so a later snapshot — sees the first one's committed children. The written records
 * themselves are locked by the write already.
 */
async function resolve(trx: Trx, schemas: Schemas, plans: Map<string, Recompute>) {
  const work: Array<{ fields: FieldDefinition[]; ids: string[] }> = [];
  for (const [object, entry] of plans) {
    const ids = new Set(entry.own);
    if (entry.reached.length) {
      const { rows } = await sql<{ id: string }>`SELECT id FROM ${objectTable(schemas, object)}
        WHERE id IN (${sql.join(entry.reached, sql` UNION `)}) ORDER BY id FOR UPDATE`.execute(trx);
      for (const row of rows) ids.add(row.id);
    }
    if (ids.size) work.push({ fields: [...entry.formulas.values()], ids: [...ids] });
  }
  return work;
}

/**
 * Keeps stored formulas current in the transaction of every record write (ADR 0010): after the rows are
 * written (verify stage), one UPDATE per affected object recomputes the stored formulas the write can change,
 * for the rows it can change them on — its own records, the records that look them up, the parents whose
 * rollups count them. Deletes find the rows that read them before the delete (beforeWrite), because a
 * permanent delete clears the foreign keys that lead back to them.
 */
export function registerStoredFormulaHooks(pipeline: PipelineLike, schemas: Schemas): void {
  const pending = new WeakMap<StoredFormulaWrite, Awaited<ReturnType<typeof resolve>>>();
  pipeline.register("beforeWrite", "formula.stored.reach", async (ctx) => {
    if (ctx.operation !== "delete") return;
    pending.set(ctx, await resolve(ctx.trx, schemas, plan(ctx, schemas)));
  });
  pipeline.register("verify", "formula.stored", async (ctx) => {
    const work = pending.get(ctx) ?? (await resolve(ctx.trx, schemas, plan(ctx, schemas)));
    const own = ctx.model.object.apiName;
    const written = new Map(ctx.records.map((record) => [record.id, record]));
    for (const { fields, ids } of work) {
      for (const change of await recomputeForWrite(ctx.trx, ctx.snapshot, schemas, fields, ids)) {
        const record = change.object === own ? written.get(change.id) : undefined;
        // The write's own rows are as stored now, so its event and response carry the new values.
        if (record?.after)
          for (const [name, { to }] of Object.entries(change.columns)) record.after[name] = to;
        else if (!record && Object.keys(change.columns).length) ctx.derived.push(change);
      }
    }
  });
}

/**
 * The metadata side: stored formula columns follow every metadata change, in its transaction; big tables
 * are filled after it (`policy`, ADR 0019).
 */
export function storedFormulasGuard(schemas: Schemas, policy: BackfillPolicy): FormulaMetadataGuard {
  return {
    async afterChange(change, after) {
      await syncStoredFormulas(change, schemas, after, policy);
    },
  };
}
