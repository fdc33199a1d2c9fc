import { randomBytes } from "node:crypto";
import { type AutomationTrigger, formulaErrorToFieldIssue, RECORD_TRIGGERS } from "@keduo/core";
import { checkReadCondition, checkWriteCondition } from "../validation/index.ts";
import { cronProblem } from "./cron-ticks.ts";
import { type DefinitionChecker, optionValues } from "./definition-checker.ts";

/** A secret a caller must know: 192 random bits, URL-safe. */
const newHookToken = () => randomBytes(24).toString("base64url");

const isRecordTrigger = (trigger: AutomationTrigger) =>
  (RECORD_TRIGGERS as readonly string[]).includes(trigger.kind);

/** A trigger as stored: its kind's settings checked against the object's fields, defaults spelled out. */
export function checkTrigger(check: DefinitionChecker, value: unknown): AutomationTrigger {
  const trigger = (value ?? {}) as AutomationTrigger;
  const path = "trigger";
  switch (trigger.kind) {
    case "record_created":
    case "record_deleted":
      return { kind: trigger.kind };
    case "record_updated": {
      const fields = Array.isArray(trigger.fields) ? trigger.fields : [];
      for (const [i, name] of fields.entries()) check.field(`${path}.fields.${i}`, name);
      return fields.length ? { kind: trigger.kind, fields } : { kind: trigger.kind };
    }
    case "field_changed": {
      const field = check.field(`${path}.field`, trigger.field);
      const result: AutomationTrigger = { kind: trigger.kind, field: trigger.field };
      for (const end of ["from", "to"] as const) {
        const option = trigger[end];
        if (option === undefined) continue;
        if (option !== null && field && !optionValues(field).includes(option))
          check.problem(`${path}.${end}`, "invalid_option", { value: String(option) });
        result[end] = option;
      }
      return result;
    }
    case "date_relative": {
      check.fieldOfType(`${path}.field`, trigger.field, ["date", "datetime"], "field_not_date");
      if (!Number.isInteger(trigger.offset) || Math.abs(trigger.offset) > 3650)
        check.problem(`${path}.offset`, "out_of_range", { min: -3650, max: 3650 });
      if (trigger.unit !== "days" && trigger.unit !== "business_days")
        check.problem(`${path}.unit`, "invalid_option", { value: String(trigger.unit) });
      const late = trigger.late_days ?? 7;
      if (!Number.isInteger(late) || late < 0 || late > 365)
        check.problem(`${path}.late_days`, "out_of_range", { min: 0, max: 365 });
      return {
        kind: trigger.kind,
        field: trigger.field,
        offset: trigger.offset,
        unit: trigger.unit,
        yearly: trigger.yearly === true,
        late_days: late,
      };
    }
    case "stagnation": {
      check.positiveInteger(`${path}.days`, trigger.days, 3650);
      if (trigger.measure !== "no_update" && trigger.measure !== "no_stage_change")
        check.problem(`${path}.measure`, "invalid_option", { value: String(trigger.measure) });
      const stages = Array.isArray(trigger.stages) ? trigger.stages : [];
      // Stages are known only by their stays, which only a stage-change measure reads.
      if (stages.length && trigger.measure !== "no_stage_change")
        check.problem(`${path}.stages`, "stages_need_stage_measure");
      const result: AutomationTrigger = {
        kind: trigger.kind,
        days: trigger.days,
        measure: trigger.measure,
      };
      if (stages.length) result.stages = stages;
      return result;
    }
    case "recurring": {
      check.positiveInteger(`${path}.every_months`, trigger.every_months, 120);
      const result: AutomationTrigger = { kind: trigger.kind, every_months: trigger.every_months };
      if (trigger.anchor_field !== undefined) {
        check.fieldOfType(
          `${path}.anchor_field`,
          trigger.anchor_field,
          ["date", "datetime"],
          "field_not_date",
        );
        result.anchor_field = trigger.anchor_field;
      }
      return result;
    }
    case "inbound_webhook": {
      const token =
        typeof trigger.token === "string" && trigger.token !== "" ? trigger.token : newHookToken();
      if (!/^[A-Za-z0-9_-]{32,64}$/.test(token))
        check.problem(`${path}.token`, "invalid_format", { format: "32–64 letters, digits, - or _" });
      return { kind: "inbound_webhook", token };
    }
    case "schedule": {
      const cron = typeof trigger.cron === "string" ? trigger.cron.trim() : "";
      const problem = cron ? cronProblem(cron) : "required";
      if (problem) check.problem(`${path}.cron`, cron ? "invalid_cron" : "required", { reason: problem });
      return { kind: "schedule", cron };
    }
    default:
      check.problem(`${path}.kind`, "invalid_option", {
        value: String((trigger as { kind?: unknown }).kind),
      });
      return { kind: "record_created" };
  }
}

/** The condition as stored (null: always); a record trigger's may read the write, a timer's may not. */
export function checkCondition(
  check: DefinitionChecker,
  value: unknown,
  trigger: AutomationTrigger,
): string | null {
  if (value === null || value === undefined || (typeof value === "string" && value.trim() === ""))
    return null;
  const condition = String(value);
  // A record trigger sees the write (ISNEW, ISCHANGED, PRIORVALUE); a timer sees the record as it is.
  const checked = isRecordTrigger(trigger)
    ? checkWriteCondition(check.context.snapshot, check.object.apiName, condition)
    : checkReadCondition(check.context.snapshot, check.object.apiName, condition);
  if (!checked.ok)
    check.issues.push(...checked.errors.map((error) => formulaErrorToFieldIssue(error, "condition")));
  return condition;
}
