import {
  type Automation,
  type AutomationTrigger,
  checkFormula,
  type FieldDefinition,
  fieldTypeOf,
  RUN_ERRORS,
} from "@keduo/core";
import type { Schemas } from "../../db/database.ts";
import { fullFormulaSchema } from "../formula-sql/index.ts";
import type { PendingRecord, WriteContext } from "../records/index.ts";
import { evaluateWriteConditions } from "../validation/index.ts";
import type { AutomationsService } from "./automations.service.ts";
import type { NewRun, RunStore } from "./run-store.ts";

/** Causes deep an automation may still react: a chain of automations writing records stops here (logged). */
export const MAX_DEPTH = 5;

const TRIGGER_NAMES: Record<WriteContext["operation"], string> = {
  create: "record.created",
  update: "record.updated",
  transfer: "record.updated",
  claim: "record.updated",
  delete: "record.deleted",
  restore: "record.restored",
};

function fieldValue(field: FieldDefinition, row: PendingRecord["before"]): unknown {
  return row ? fieldTypeOf(field.type).fromColumns(row, field) : null;
}

function changed(ctx: WriteContext, record: PendingRecord, name: string): boolean {
  const field = ctx.model.fieldByName.get(name);
  if (!field || !record.before || !record.after) return false;
  return JSON.stringify(fieldValue(field, record.before)) !== JSON.stringify(fieldValue(field, record.after));
}

/** Whether the write of one record is what the trigger waits for (before any condition). */
function fires(trigger: AutomationTrigger, ctx: WriteContext, record: PendingRecord): boolean {
  switch (trigger.kind) {
    case "record_created":
      return ctx.operation === "create";
    case "record_deleted":
      return ctx.operation === "delete";
    case "record_updated":
      if (!["update", "transfer", "claim"].includes(ctx.operation)) return false;
      return !trigger.fields?.length || trigger.fields.some((name) => changed(ctx, record, name));
    case "field_changed": {
      if (!["update", "transfer", "claim"].includes(ctx.operation) || !changed(ctx, record, trigger.field))
        return false;
      const field = ctx.model.fieldByName.get(trigger.field);
      if (!field) return false;
      const matches = (end: "from" | "to", row: PendingRecord["before"]) =>
        trigger[end] === undefined || (fieldValue(field, row) ?? null) === trigger[end];
      return matches("from", record.before) && matches("to", record.after ?? null);
    }
    default:
      return false;
  }
}

/**
 * Record triggers (ADR 0032), an afterWrite hook: which enabled automations of the object this write fires,
 * with their conditions evaluated on the write as written — the same evaluator, and the same ISNEW, ISCHANGED
 * and PRIORVALUE, as validation rules — in one query for the whole write. Each firing becomes a run row and a
 * job in the write's own transaction, so a run exists exactly when the write committed, with the automation
 * version of that moment. A write that is already `MAX_DEPTH` causes deep is logged as skipped.
 */
export function recordTriggerHook(deps: {
  automations: AutomationsService;
  runs: RunStore;
  schemas: Schemas;
  timeZone: string;
}) {
  return async (ctx: WriteContext) => {
    if (ctx.origin.history) return;
    const enabled = (await deps.automations.enabled(ctx.trx, ctx.snapshot)).get(ctx.model.object.apiName);
    if (!enabled?.length) return;
    const candidates: Array<{ automation: Automation; records: PendingRecord[] }> = [];
    for (const automation of enabled) {
      const records = ctx.records.filter((record) => fires(automation.trigger, ctx, record));
      if (records.length) candidates.push({ automation, records });
    }
    if (candidates.length === 0) return;
    const conditions = candidates.filter((c) => c.automation.condition !== null);
    const results = await evaluateWriteConditions(
      ctx,
      conditions.map(({ automation }) => checkedCondition(ctx, automation)),
      deps,
      [...new Set(conditions.flatMap((c) => c.records.map((record) => record.id)))],
    );
    const depth = ctx.origin.causation ? ctx.origin.causation.depth : 0;
    const runs: NewRun[] = [];
    for (const { automation, records } of candidates) {
      const index = conditions.findIndex((c) => c.automation === automation);
      for (const record of records) {
        if (index >= 0 && results.get(record.id)?.[index] !== true) continue;
        const tooDeep = depth >= MAX_DEPTH;
        runs.push({
          automationId: automation.id,
          version: automation.version,
          object: automation.object,
          recordId: record.id,
          trigger: TRIGGER_NAMES[ctx.operation],
          depth,
          status: tooDeep ? "skipped" : "queued",
          ...(tooDeep ? { error: RUN_ERRORS.loop(depth, MAX_DEPTH) } : {}),
        });
      }
    }
    await deps.runs.enqueue(ctx.trx, runs);
  };
}

function checkedCondition(ctx: WriteContext, automation: Automation) {
  const check = (formula: string) =>
    checkFormula(formula, {
      schema: fullFormulaSchema(ctx.snapshot),
      object: automation.object,
      expect: "boolean",
      writeContext: true,
    });
  const checked = check(automation.condition ?? "TRUE");
  if (checked.ok) return checked.formula;
  // A saved condition that a later field change broke can never be true.
  const never = check("FALSE");
  if (!never.ok) throw new Error("FALSE does not check");
  return never.formula;
}
