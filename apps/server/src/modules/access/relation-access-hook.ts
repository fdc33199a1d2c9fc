import type { FieldDefinition, FieldIssue } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { modelFor } from "../metadata/index.ts";
import { junctionTable } from "../schema-sync/index.ts";
import { type ReaderScope, unreadableRecordIds } from "./readable-ids.ts";
import type { GuardedRecord, GuardedWrite } from "./write-access.ts";

/** One id a record of the write points at, and where it was written. */
interface Pointer {
  record: GuardedRecord;
  field: FieldDefinition;
  id: string;
}

function pointersOf(ctx: GuardedWrite): Pointer[] {
  const pointers: Pointer[] = [];
  for (const record of ctx.records) {
    for (const field of ctx.model.fields) {
      if (field.type !== "relation") continue;
      const ids = ctx.model.isManyToMany(field)
        ? (record.input.manyToMany.get(field) ?? [])
        : [record.input.columns[field.apiName]].filter((id): id is string => typeof id === "string");
      for (const id of ids) pointers.push({ record, field, id });
    }
  }
  return pointers;
}

/** The many-to-many links the records being changed already hold, as `<field id>:<source>:<target>`. */
async function heldLinks(ctx: GuardedWrite, schemas: Schemas, pointers: Pointer[]): Promise<Set<string>> {
  const held = new Set<string>();
  if (ctx.operation !== "update") return held;
  const fields = new Set(pointers.filter((p) => ctx.model.isManyToMany(p.field)).map((p) => p.field));
  for (const field of fields) {
    const mine = pointers.filter((p) => p.field === field);
    const { rows } = await sql<{ source_id: string; target_id: string }>`
      SELECT source_id, target_id FROM ${junctionTable(schemas, field)}
      WHERE source_id = ANY(${mine.map((p) => p.record.id)}::uuid[])
        AND target_id = ANY(${mine.map((p) => p.id)}::uuid[])`.execute(ctx.trx);
    for (const row of rows) held.add(`${field.id}:${row.source_id}:${row.target_id}`);
  }
  return held;
}

/**
 * A relation may point only at records the writer may read: an id they may not read is refused exactly like
 * one that does not exist (`invalid_reference`), or the write would tell which ids exist (issue 18). A value
 * the record already holds may stay — the form sends it back unchanged, and the writer learns nothing new.
 * One query per target object; unrestricted writers (view all, public sharing) leave it to the foreign key.
 * `writerScope` is the writer as a reader in the write's transaction (records builds it: it owns formulas).
 */
export function relationTargetsHook(deps: {
  schemas: Schemas;
  writerScope: (write: GuardedWrite) => ReaderScope;
}) {
  const { schemas } = deps;
  return async (ctx: GuardedWrite) => {
    if (ctx.access.kind === "system") return;
    const pointers = pointersOf(ctx);
    if (pointers.length === 0) return;
    const scope = deps.writerScope(ctx);
    const refused: Pointer[] = [];
    const targets = new Set(pointers.map((p) => p.field.config.relation!.target));
    for (const target of targets) {
      const model = modelFor(ctx.snapshot, target);
      const aimed = pointers.filter((p) => p.field.config.relation!.target === target);
      const unreadable = model
        ? await unreadableRecordIds(
            ctx.trx,
            scope,
            model,
            aimed.map((p) => p.id),
          )
        : new Set<string>();
      refused.push(...aimed.filter((p) => unreadable.has(p.id)));
    }
    if (refused.length === 0) return;
    const held = await heldLinks(ctx, schemas, refused);
    const issues: FieldIssue[] = [];
    for (const { record, field, id } of refused) {
      const kept = ctx.model.isManyToMany(field)
        ? held.has(`${field.id}:${record.id}:${id}`)
        : record.before?.[field.apiName] === id;
      const at = record.path + field.apiName;
      // One problem per field, like the foreign key reports it.
      if (!kept && !issues.some((issue) => issue.field === at))
        issues.push({ field: at, code: "invalid_reference", params: { value: id } });
    }
    ctx.issues.push(...issues);
  };
}
