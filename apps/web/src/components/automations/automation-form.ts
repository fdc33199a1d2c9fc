import type {
  Automation,
  AutomationAction,
  AutomationActionKind,
  AutomationDefinition,
  AutomationTrigger,
  AutomationTriggerKind,
  RunAs,
  Translatable,
  ValueSource,
} from "@keduo/core";
import type { FieldProblem } from "../../api/problem.ts";

/*
 * The editor's form values and their two-way mapping to the API's definition. The form keeps the API's shape
 * wherever a person can edit it as is, so the server's error paths (`actions.0.recipients.1.role`) are form
 * paths; it differs in two places a non-programmer reads differently: a date offset is "N days before/after"
 * rather than a signed number, and field values are rows (field → source → input) rather than a map.
 */

export type ValueSourceKind = "value" | "copy" | "text" | "formula";
export const VALUE_SOURCE_KINDS: readonly ValueSourceKind[] = ["value", "copy", "text", "formula"];

/** One "set this field to …" row of update_fields and create_record. */
export interface ValueRow {
  field?: string;
  source: ValueSourceKind;
  input?: string | number | boolean | null;
}

export type FormAction =
  | Exclude<AutomationAction, { kind: "update_fields" | "create_record" }>
  | { kind: "update_fields"; values: ValueRow[] }
  | { kind: "create_record"; object?: string; values: ValueRow[] };

/** Every setting of every trigger kind; the kind decides which are sent. */
export interface TriggerForm {
  kind: AutomationTriggerKind;
  fields?: string[];
  field?: string;
  from?: string;
  to?: string;
  /** Days (or business days) before or after the date: never negative here, `direction` says which. */
  offset?: number;
  direction?: "before" | "after";
  unit?: "days" | "business_days";
  yearly?: boolean;
  late_days?: number;
  days?: number;
  measure?: "no_update" | "no_stage_change";
  stages?: string[];
  every_months?: number;
  anchor_field?: string;
  cron?: string;
  token?: string;
}

export interface AutomationFormValues {
  object: string;
  api_name: string;
  labels: Translatable;
  enabled: boolean;
  trigger: TriggerForm;
  condition: string;
  actions: FormAction[];
  run_as: RunAs;
}

const blank = (): Translatable => ({ "zh-CN": "", en: "" });

/** What a newly added trigger of each kind starts with: the common case, ready to save. */
export function defaultTrigger(kind: AutomationTriggerKind): TriggerForm {
  switch (kind) {
    case "date_relative":
      return { kind, direction: "before", offset: 30, unit: "days", yearly: false, late_days: 7 };
    case "stagnation":
      return { kind, days: 7, measure: "no_update" };
    case "recurring":
      return { kind, every_months: 3 };
    case "schedule":
      return { kind, cron: "0 9 * * 1" };
    case "inbound_webhook":
      return { kind, token: "" };
    default:
      return { kind };
  }
}

/** A new action card of a kind, addressed to the record's owner where it addresses anyone. */
export function defaultAction(kind: AutomationActionKind): FormAction {
  switch (kind) {
    case "create_task":
      return { kind, subject: blank(), assignee: { kind: "owner" }, due_in_days: 1, business_days: false };
    case "notify":
      return { kind, recipients: [{ kind: "owner" }], title: blank(), body: blank(), email: false };
    case "send_email":
      return { kind, to_field: "", subject: blank(), body: blank() };
    case "update_fields":
      return { kind, values: [{ source: "value" }] };
    case "create_record":
      return { kind, values: [{ source: "copy" }] };
    case "assign_owner":
      return { kind };
    case "webhook":
      return { kind, url: "" };
    case "script":
      return { kind, source: "" };
    case "wait":
      return { kind, days: 1, business_days: false };
  }
}

export const newAutomationValues = (object: string): AutomationFormValues => ({
  object,
  api_name: "",
  labels: blank(),
  enabled: true,
  trigger: defaultTrigger("record_created"),
  condition: "",
  actions: [defaultAction("notify")],
  run_as: { kind: "system" },
});

function triggerToForm(trigger: AutomationTrigger): TriggerForm {
  if (trigger.kind === "date_relative")
    return {
      ...trigger,
      offset: Math.abs(trigger.offset),
      direction: trigger.offset < 0 ? "before" : "after",
    };
  if (trigger.kind === "field_changed")
    return {
      kind: trigger.kind,
      field: trigger.field,
      from: trigger.from ?? undefined,
      to: trigger.to ?? undefined,
    };
  return { ...trigger };
}

const sourceToRow = (field: string, source: ValueSource): ValueRow => {
  if ("copy" in source) return { field, source: "copy", input: source.copy };
  if ("text" in source) return { field, source: "text", input: source.text };
  if ("formula" in source) return { field, source: "formula", input: source.formula };
  return { field, source: "value", input: source.value };
};

function actionToForm(action: AutomationAction): FormAction {
  if (action.kind === "update_fields" || action.kind === "create_record")
    return { ...action, values: Object.entries(action.values).map(([field, s]) => sourceToRow(field, s)) };
  return action;
}

export const automationToForm = (automation: Automation): AutomationFormValues => ({
  object: automation.object,
  api_name: automation.api_name,
  labels: automation.labels,
  enabled: automation.enabled,
  trigger: triggerToForm(automation.trigger),
  condition: automation.condition ?? "",
  actions: automation.actions.map(actionToForm),
  run_as: automation.run_as,
});

function triggerFromForm(form: TriggerForm): AutomationTrigger {
  switch (form.kind) {
    case "record_updated":
      return form.fields?.length ? { kind: form.kind, fields: form.fields } : { kind: form.kind };
    case "field_changed": {
      const trigger: AutomationTrigger = { kind: form.kind, field: form.field ?? "" };
      if (form.from) trigger.from = form.from;
      if (form.to) trigger.to = form.to;
      return trigger;
    }
    case "date_relative": {
      const offset = form.offset ?? 0;
      return {
        kind: form.kind,
        field: form.field ?? "",
        offset: form.direction === "before" ? -offset : offset,
        unit: form.unit ?? "days",
        yearly: form.yearly === true,
        late_days: form.late_days ?? 0,
      };
    }
    case "stagnation": {
      const trigger: AutomationTrigger = {
        kind: form.kind,
        days: form.days ?? 0,
        measure: form.measure ?? "no_update",
      };
      // Only a stage-change measure knows stays per stage (the server refuses stages otherwise).
      if (form.stages?.length && form.measure === "no_stage_change") trigger.stages = form.stages;
      return trigger;
    }
    case "recurring":
      return form.anchor_field
        ? { kind: form.kind, every_months: form.every_months ?? 0, anchor_field: form.anchor_field }
        : { kind: form.kind, every_months: form.every_months ?? 0 };
    case "schedule":
      return { kind: form.kind, cron: form.cron ?? "" };
    case "inbound_webhook":
      // Empty: the server makes the secret token when the automation is saved.
      return { kind: form.kind, token: form.token ?? "" };
    default:
      return { kind: form.kind };
  }
}

const rowToSource = (row: ValueRow): ValueSource => {
  const text = row.input === undefined || row.input === null ? "" : String(row.input);
  if (row.source === "copy") return { copy: text };
  if (row.source === "text") return { text };
  if (row.source === "formula") return { formula: text };
  return { value: row.input ?? null };
};

const rowsToValues = (rows: ValueRow[] | undefined) =>
  Object.fromEntries((rows ?? []).filter((r) => r.field).map((r) => [r.field as string, rowToSource(r)]));

const isBlank = (text: Translatable | undefined) => !text?.["zh-CN"].trim() && !text?.en.trim();

function actionFromForm(action: FormAction): AutomationAction {
  switch (action.kind) {
    case "update_fields":
      return { kind: action.kind, values: rowsToValues(action.values) };
    case "create_record":
      return { kind: action.kind, object: action.object ?? "", values: rowsToValues(action.values) };
    // Optional texts and secrets left empty are not sent: the server reads an empty one as given.
    case "create_task": {
      const { description, ...task } = action;
      return isBlank(description) ? task : action;
    }
    case "webhook": {
      const { secret, ...webhook } = action;
      return secret?.trim() ? action : webhook;
    }
    case "send_email": {
      const { via, ...email } = action;
      return via ? action : email;
    }
    default:
      return action;
  }
}

/** The definition to save; the API name is the caller's (made from the label for a new automation). */
export const automationFromForm = (form: AutomationFormValues): AutomationDefinition => ({
  object: form.object,
  api_name: form.api_name,
  labels: form.labels,
  description: null,
  enabled: form.enabled,
  trigger: triggerFromForm(form.trigger),
  condition: form.condition.trim() ? form.condition : null,
  actions: (form.actions ?? []).map(actionFromForm),
  run_as: form.run_as.kind === "user" ? form.run_as : { kind: "system" },
});

const VALUE_PATH = /^actions\.(\d+)\.values\.([^.]+)(\.(?:value|copy|text|formula))?$/;

/**
 * A server problem's path as a form path: a field value's problem (`actions.1.values.amount.formula`) goes
 * to its row's input (`actions.1.values.0.input`), or to its field picker when it is about the field itself.
 */
export function toFormProblem(problem: FieldProblem, values: AutomationFormValues): FieldProblem {
  const match = VALUE_PATH.exec(problem.field);
  if (!match) return problem;
  const [, action, field, suffix] = match;
  const form = values.actions?.[Number(action)];
  const rows = form && "values" in form ? form.values : [];
  const row = rows.findIndex((r) => r.field === field);
  if (row < 0) return { ...problem, field: `actions.${action}.values` };
  const aboutField = !suffix && problem.code === "unknown_field";
  return { ...problem, field: `actions.${action}.values.${row}.${aboutField ? "field" : "input"}` };
}
