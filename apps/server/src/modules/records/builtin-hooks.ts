import { type FieldDefinition, fieldTypeOf } from "@keduo/core";
import type { Schemas } from "../../db/database.ts";
import { authorizeHook, readableFileIds, relationTargetsHook } from "../access/index.ts";
import { type AuditEntry, insertAuditBatch, insertCreatedAudit } from "../audit/index.ts";
import {
  type EventOrigin,
  type FieldChange,
  insertEventsBatch,
  type NewRecordEvent,
  type RecordEventType,
} from "../events/index.ts";
import type { FileStorage } from "../files/index.ts";
import type { StoredValueChange } from "../formula-sql/index.ts";
import { nextAutoNumbers } from "./auto-numbers.ts";
import { writerScope } from "./reader-scope.ts";
import { encodeRecord, type Row } from "./record-codec.ts";
import type { PendingRecord, WriteContext, WriteOrigin, WritePipeline } from "./write-pipeline.ts";
import { writeRightsHook } from "./write-rights-hook.ts";

/** Gap-free numbers, reserved in the record's transaction. */
function autoNumberHook(schemas: Schemas) {
  return async (ctx: WriteContext) => {
    if (ctx.operation !== "create") return;
    for (const field of ctx.model.fields.filter((f) => f.type === "auto_number")) {
      const numbers = await nextAutoNumbers(ctx.trx, schemas, field, ctx.records.length, ctx.today);
      ctx.records.forEach((record, i) => {
        record.input.columns[field.apiName] = numbers[i];
      });
    }
  };
}

/**
 * Attachment ids become the stored files' metadata (one query), so reads need no join. A writer may attach
 * only files they may read at the time of the write (uploaded them, or a record they read holds them):
 * otherwise knowing an id would be enough to read a file by attaching it to one's own record. A file they
 * may not read answers exactly like one that does not exist.
 */
function attachmentHook(files: FileStorage, schemas: Schemas, timeZone: string) {
  return async (ctx: WriteContext) => {
    const fields = ctx.model.fields.filter((f) => f.type === "attachment");
    if (fields.length === 0) return;
    const refs = (record: { input: { columns: Row } }, field: FieldDefinition) =>
      (record.input.columns[field.apiName] as Array<{ id: string }> | null | undefined) ?? null;
    const ids = new Set<string>();
    for (const record of ctx.records)
      for (const field of fields) for (const ref of refs(record, field) ?? []) ids.add(ref.id);
    if (ids.size === 0) return;
    const stored = await files.describeMany(ctx.trx, [...ids]);
    const readable = await readableFileIds(ctx.trx, writerScope(ctx, schemas, timeZone), [...stored.keys()]);
    for (const id of stored.keys()) if (!readable.has(id)) stored.delete(id);
    for (const record of ctx.records) {
      for (const field of fields) {
        const list = refs(record, field);
        if (!list) continue;
        const missing = list.find((ref) => !stored.has(ref.id));
        if (missing) {
          ctx.issues.push({
            field: record.path + field.apiName,
            code: "invalid_reference",
            params: { value: missing.id },
          });
          continue;
        }
        record.input.columns[field.apiName] = list.map((ref) => {
          const file = stored.get(ref.id)!;
          return { id: file.id, name: file.name, size: file.size, content_type: file.content_type };
        });
      }
    }
  };
}

/** Multi-department values are uuid arrays (no foreign key), so each id is checked here in one query. */
async function departmentListHook(ctx: WriteContext) {
  const fields = ctx.model.fields.filter((f) => f.type === "department" && f.config.multiple);
  const ids = new Set<string>();
  for (const record of ctx.records) {
    for (const field of fields)
      for (const id of (record.input.columns[field.apiName] as string[] | null) ?? []) ids.add(id);
  }
  if (ids.size === 0) return;
  const found = new Set(
    (
      await ctx.trx
        .selectFrom("departments")
        .select("id")
        .where("id", "in", [...ids])
        .execute()
    ).map((d) => d.id),
  );
  for (const record of ctx.records) {
    for (const field of fields) {
      const missing = ((record.input.columns[field.apiName] as string[] | null) ?? []).find(
        (id) => !found.has(id),
      );
      if (missing)
        ctx.issues.push({
          field: record.path + field.apiName,
          code: "invalid_reference",
          params: { value: missing },
        });
    }
  }
}

const isEmpty = (value: unknown) => value === null || (Array.isArray(value) && value.length === 0);

/**
 * The values a new record was created with, leaving out empty fields: events and audit rows of a bulk
 * import stay small (measured: a third less data written per 1,000-record call than full records).
 */
// The outbox and audit hooks both need a created record's values: encode each stored row once per write.
const filledCache = new WeakMap<Row, Record<string, unknown>>();

// A plain loop, no intermediate arrays: a bulk create runs it for every record, and its garbage is most of
// what the young generation collects during the call.
function filledValues(ctx: WriteContext, record: PendingRecord, row: Row): Record<string, unknown> {
  const cached = filledCache.get(row);
  if (cached) return cached;
  // Many-to-many lists live in junction tables, not on the row: take them from the write's input.
  const manyToMany =
    record.input.manyToMany.size === 0
      ? undefined
      : new Map([...record.input.manyToMany].map(([field, ids]) => [`${field.apiName}:${record.id}`, ids]));
  const encoded = encodeRecord(ctx.model, row, { memoise: true, manyToMany });
  const filled: Record<string, unknown> = {};
  for (const field of ctx.model.fields) {
    const value = encoded[field.apiName];
    if (!isEmpty(value)) filled[field.apiName] = value;
  }
  filledCache.set(row, filled);
  return filled;
}

const EVENT_TYPES: Record<WriteContext["operation"], RecordEventType> = {
  create: "record.created",
  update: "record.updated",
  transfer: "record.updated",
  claim: "record.updated",
  delete: "record.deleted",
  restore: "record.restored",
};

/** What changed, field by field, in API form: what automations will match triggers against. */
function changes(ctx: WriteContext, record: PendingRecord, before: Row, after: Row) {
  const diff: Record<string, FieldChange> = {};
  if (before.owner_id !== after.owner_id)
    diff.owner_id = { from: before.owner_id ?? null, to: after.owner_id ?? null };
  for (const field of ctx.model.fields) {
    if (ctx.model.isManyToMany(field)) continue;
    const type = fieldTypeOf(field.type);
    const [from, to] = [type.fromColumns(before, field), type.fromColumns(after, field)];
    if (JSON.stringify(from) !== JSON.stringify(to)) diff[field.apiName] = { from, to };
  }
  for (const [field, to] of record.input.manyToMany) {
    const from = record.manyToManyBefore?.get(field.apiName);
    if (!from) continue;
    const added = to.filter((id) => !from.includes(id));
    const removed = from.filter((id) => !to.includes(id));
    if (added.length || removed.length || JSON.stringify(from) !== JSON.stringify(to))
      diff[field.apiName] = { from, to, added, removed };
  }
  return diff;
}

/**
 * Another record's stored formulas the write changed (a parent's rollup …): a `record.updated` of that record
 * with those fields in `changes`, from the same write (same source and causation). Its version is unchanged:
 * nobody edited it.
 */
function derivedEvent(ctx: WriteContext, change: StoredValueChange): NewRecordEvent {
  const fields = ctx.snapshot.objects.get(change.object)?.fields ?? [];
  const formula = fieldTypeOf("formula");
  const changes: Record<string, FieldChange> = {};
  for (const [name, { from, to }] of Object.entries(change.columns)) {
    const field = fields.find((f) => f.apiName === name);
    if (field && !field.hidden)
      changes[name] = {
        from: formula.fromColumns({ [name]: from }, field),
        to: formula.fromColumns({ [name]: to }, field),
      };
  }
  return {
    type: "record.updated",
    object: change.object,
    recordId: change.id,
    actorId: ctx.actorId,
    payload: { version: change.version, changes },
  };
}

/** A write's source for event consumers: what the caller said, else what the way it came in implies. */
function eventOrigin(origin: WriteOrigin): EventOrigin {
  const source =
    origin.source ?? (origin.via === "session" ? "user" : origin.via === "token" ? "api_token" : "system");
  return { source, causation: origin.causation ?? null };
}

function outboxHook(schemas: Schemas) {
  return async (ctx: WriteContext) => {
    const events: NewRecordEvent[] = ctx.records.map((record) => {
      const after = record.after ?? null;
      const payload: NewRecordEvent["payload"] = {
        version: after ? Number(after.version) : Number(record.before?.version ?? 0),
      };
      if (ctx.operation === "create" && after) payload.record = filledValues(ctx, record, after);
      if (["update", "transfer", "claim"].includes(ctx.operation) && after && record.before) {
        payload.changes = changes(ctx, record, record.before, after);
      }
      if (ctx.operation === "delete") payload.permanent = !after;
      return {
        type: EVENT_TYPES[ctx.operation],
        object: ctx.model.object.apiName,
        recordId: record.id,
        actorId: ctx.actorId,
        payload,
      };
    });
    events.push(...ctx.derived.map((change) => derivedEvent(ctx, change)));
    if (events.length === 0) return;
    const write = { now: ctx.now, origin: eventOrigin(ctx.origin) };
    // A create's events are named, so its audit rows can be copied from them (auditHook).
    if (ctx.operation === "create")
      ctx.deferred.push({
        cte: CREATED_EVENTS,
        query: insertEventsBatch(schemas, events, { ...write, returning: true }),
      });
    else ctx.deferred.push(insertEventsBatch(schemas, events, write));
  };
}

/** An engine's write (ADR 0024) says in its audit rows what wrote it, why, and what caused it. */
function engineDetails(origin: WriteOrigin): Record<string, unknown> {
  if (!origin.reason) return {};
  const { source, causation } = eventOrigin(origin);
  return { source, reason: origin.reason, ...(causation ? { causation } : {}) };
}

/** The CTE of a create's events, which its audit rows are copied from. */
const CREATED_EVENTS = "created_events";

/** One audit row per changed record, in the write's transaction: what changed, who, when, from where. */
function auditHook(schemas: Schemas) {
  return async (ctx: WriteContext) => {
    const eventsQueued = ctx.deferred.some((entry) => "cte" in entry && entry.cte === CREATED_EVENTS);
    if (ctx.operation === "create" && eventsQueued && ctx.records.every((record) => record.after)) {
      const origin = { ...ctx.origin, details: engineDetails(ctx.origin) };
      ctx.deferred.push(insertCreatedAudit(schemas, CREATED_EVENTS, origin, ctx.now));
      return;
    }
    const entries: AuditEntry[] = ctx.records.map((record) => {
      const after = record.after ?? null;
      let recordChanges: Record<string, unknown> | null = null;
      // A create's row keeps no values: the record holds them (ADR 0036, `insertCreatedAudit`).
      if (ctx.operation !== "create" && after && record.before) {
        recordChanges = changes(ctx, record, record.before, after);
      }
      const version = after ? Number(after.version) : Number(record.before?.version ?? 0);
      return {
        action: `record.${ctx.operation}`,
        actorId: ctx.actorId,
        ip: ctx.origin.ip,
        via: ctx.origin.via,
        object: ctx.model.object.apiName,
        recordId: record.id,
        changes: recordChanges,
        details: {
          version,
          ...(ctx.operation === "delete" && !after ? { permanent: true } : {}),
          ...engineDetails(ctx.origin),
        },
      };
    });
    if (entries.length) ctx.deferred.push(insertAuditBatch(schemas, entries, ctx.now));
  };
}

export function registerBuiltinHooks(
  pipeline: WritePipeline,
  deps: { schemas: Schemas; files: FileStorage; timeZone: string },
) {
  const { schemas, timeZone } = deps;
  pipeline.register("authorize", "access.record-permissions", authorizeHook({ schemas, timeZone }));
  // Write rights (owner on create, transfer, claim, permanent removal) refine the object permission checked first.
  pipeline.register("authorize", "access.write-rights", writeRightsHook(schemas), {
    after: ["access.record-permissions"],
  });
  pipeline.register("beforeWrite", "records.auto-number", autoNumberHook(deps.schemas));
  pipeline.register(
    "beforeWrite",
    "records.attachments",
    attachmentHook(deps.files, deps.schemas, deps.timeZone),
  );
  pipeline.register("validate", "records.department-lists", departmentListHook);
  pipeline.register(
    "validate",
    "access.relation-targets",
    relationTargetsHook({ schemas, writerScope: (write) => writerScope(write, schemas, timeZone) }),
  );
  pipeline.register("afterWrite", "records.outbox", outboxHook(deps.schemas));
  // A create's audit rows are copied from its events (CREATED_EVENTS), so they are queued after them.
  pipeline.register("afterWrite", "audit.record-changes", auditHook(deps.schemas), {
    after: ["records.outbox"],
  });
}
