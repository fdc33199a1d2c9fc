import {
  type AutomationAction,
  type AutomationDefinition,
  type AutomationTrigger,
  type FieldDefinition,
  type FieldIssue,
  formulaErrorToFieldIssue,
  isValidApiName,
  type MetadataSnapshot,
  type ObjectDefinition,
  RECORD_TRIGGERS,
  type Recipient,
  type RunAs,
  type Translatable,
  type ValueSource,
} from "@keduo/core";
import { checkWriteCondition } from "../validation/index.ts";
import { checkReadCondition } from "./read-condition.ts";
import { placeholdersOf } from "./text-template.ts";

/** What a client sends to create or change an automation; absent parts keep the stored (or default) value. */
export type AutomationInput = Partial<AutomationDefinition>;

/** The object tasks are created in, and the fields a task action fills (the CRM template's `task`). */
export const TASK_OBJECT = { object: "task", subject: "subject", assignee: "assignee", due: "due_date" };

export interface CheckContext {
  snapshot: MetadataSnapshot;
  /** Role API names a recipient may name. */
  roles: ReadonlySet<string>;
}

const isTranslatable = (value: unknown): value is Translatable =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Translatable)["zh-CN"] === "string" &&
  typeof (value as Translatable).en === "string" &&
  ((value as Translatable)["zh-CN"].trim() !== "" || (value as Translatable).en.trim() !== "");

/** One language is enough; the other falls back to it (like field and option labels). */
const bothLanguages = (text: Translatable): Translatable => ({
  "zh-CN": text["zh-CN"].trim() || text.en.trim(),
  en: text.en.trim() || text["zh-CN"].trim(),
});

/** A name a text may show: a visible field, or the record's owner (shown by name). */
const isPlaceholder = (object: ObjectDefinition, name: string) =>
  name === "owner_id" || object.fields.some((f) => f.apiName === name && !f.hidden);

const isRecordTrigger = (trigger: AutomationTrigger) =>
  (RECORD_TRIGGERS as readonly string[]).includes(trigger.kind);

/** Checks an automation definition against the metadata, collecting every problem with its JSON path. */
class Checker {
  readonly issues: FieldIssue[] = [];
  private readonly context: CheckContext;
  readonly object: ObjectDefinition;

  constructor(context: CheckContext, object: ObjectDefinition) {
    this.context = context;
    this.object = object;
  }

  problem(field: string, code: string, params?: FieldIssue["params"]) {
    this.issues.push(params ? { field, code, params } : { field, code });
  }

  field(path: string, name: unknown, on: ObjectDefinition = this.object): FieldDefinition | undefined {
    const field =
      typeof name === "string" ? on.fields.find((f) => f.apiName === name && !f.hidden) : undefined;
    if (!field) this.problem(path, name ? "unknown_field" : "required", { name: String(name ?? "") });
    return field;
  }

  fieldOfType(path: string, name: unknown, types: readonly string[], code: string) {
    const field = this.field(path, name);
    if (field && !types.includes(field.type)) this.problem(path, code, { name: field.apiName });
    return field;
  }

  text(path: string, value: unknown, on: ObjectDefinition = this.object): Translatable {
    if (!isTranslatable(value)) {
      this.problem(path, "required");
      return { "zh-CN": "", en: "" };
    }
    for (const [locale, text] of Object.entries(value))
      for (const name of placeholdersOf(text))
        if (!isPlaceholder(on, name)) this.problem(`${path}.${locale}`, "unknown_placeholder", { name });
    return bothLanguages(value);
  }

  positiveInteger(path: string, value: unknown, max: number) {
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max)
      this.problem(path, "out_of_range", { min: 1, max });
  }

  trigger(value: unknown): AutomationTrigger {
    const trigger = (value ?? {}) as AutomationTrigger;
    const path = "trigger";
    switch (trigger.kind) {
      case "record_created":
      case "record_deleted":
        return { kind: trigger.kind };
      case "record_updated": {
        const fields = Array.isArray(trigger.fields) ? trigger.fields : [];
        for (const [i, name] of fields.entries()) this.field(`${path}.fields.${i}`, name);
        return fields.length ? { kind: trigger.kind, fields } : { kind: trigger.kind };
      }
      case "field_changed": {
        const field = this.field(`${path}.field`, trigger.field);
        const result: AutomationTrigger = { kind: trigger.kind, field: trigger.field };
        for (const end of ["from", "to"] as const) {
          const option = trigger[end];
          if (option === undefined) continue;
          if (option !== null && field && !optionValues(field).includes(option))
            this.problem(`${path}.${end}`, "invalid_option", { value: String(option) });
          result[end] = option;
        }
        return result;
      }
      case "date_relative": {
        this.fieldOfType(`${path}.field`, trigger.field, ["date", "datetime"], "field_not_date");
        if (!Number.isInteger(trigger.offset) || Math.abs(trigger.offset) > 3650)
          this.problem(`${path}.offset`, "out_of_range", { min: -3650, max: 3650 });
        if (trigger.unit !== "days" && trigger.unit !== "business_days")
          this.problem(`${path}.unit`, "invalid_option", { value: String(trigger.unit) });
        const late = trigger.late_days ?? 7;
        if (!Number.isInteger(late) || late < 0 || late > 365)
          this.problem(`${path}.late_days`, "out_of_range", { min: 0, max: 365 });
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
        this.positiveInteger(`${path}.days`, trigger.days, 3650);
        if (trigger.measure !== "no_update" && trigger.measure !== "no_stage_change")
          this.problem(`${path}.measure`, "invalid_option", { value: String(trigger.measure) });
        const stages = Array.isArray(trigger.stages) ? trigger.stages : [];
        // Stages are known only by their stays, which only a stage-change measure reads.
        if (stages.length && trigger.measure !== "no_stage_change")
          this.problem(`${path}.stages`, "stages_need_stage_measure");
        const result: AutomationTrigger = {
          kind: trigger.kind,
          days: trigger.days,
          measure: trigger.measure,
        };
        if (stages.length) result.stages = stages;
        return result;
      }
      case "recurring": {
        this.positiveInteger(`${path}.every_months`, trigger.every_months, 120);
        const result: AutomationTrigger = { kind: trigger.kind, every_months: trigger.every_months };
        if (trigger.anchor_field !== undefined) {
          this.fieldOfType(
            `${path}.anchor_field`,
            trigger.anchor_field,
            ["date", "datetime"],
            "field_not_date",
          );
          result.anchor_field = trigger.anchor_field;
        }
        return result;
      }
      default:
        this.problem(`${path}.kind`, "invalid_option", {
          value: String((trigger as { kind?: unknown }).kind),
        });
        return { kind: "record_created" };
    }
  }

  condition(value: unknown, trigger: AutomationTrigger): string | null {
    if (value === null || value === undefined || (typeof value === "string" && value.trim() === ""))
      return null;
    const condition = String(value);
    // A record trigger sees the write (ISNEW, ISCHANGED, PRIORVALUE); a timer sees the record as it is.
    const checked = isRecordTrigger(trigger)
      ? checkWriteCondition(this.context.snapshot, this.object.apiName, condition)
      : checkReadCondition(this.context.snapshot, this.object.apiName, condition);
    if (!checked.ok)
      this.issues.push(...checked.errors.map((error) => formulaErrorToFieldIssue(error, "condition")));
    return condition;
  }

  recipient(path: string, value: unknown): Recipient {
    const recipient = (value ?? {}) as Recipient;
    switch (recipient.kind) {
      case "owner":
      case "department_head":
        return { kind: recipient.kind };
      case "manager": {
        const levels = recipient.levels ?? 1;
        if (!Number.isInteger(levels) || levels < 1 || levels > 10)
          this.problem(`${path}.levels`, "out_of_range", { min: 1, max: 10 });
        return { kind: "manager", levels };
      }
      case "user":
        if (typeof recipient.user !== "string" || !/^[0-9a-f-]{36}$/i.test(recipient.user))
          this.problem(`${path}.user`, "required");
        return { kind: "user", user: recipient.user };
      case "role":
        if (!this.context.roles.has(recipient.role))
          this.problem(`${path}.role`, "unknown_role", { role: String(recipient.role ?? "") });
        return { kind: "role", role: recipient.role };
      case "user_field":
        this.fieldOfType(`${path}.field`, recipient.field, ["user"], "field_not_user");
        return { kind: "user_field", field: recipient.field };
      case "related_owner":
        this.fieldOfType(`${path}.field`, recipient.field, ["relation"], "field_not_relation");
        return { kind: "related_owner", field: recipient.field };
      default:
        this.problem(`${path}.kind`, "invalid_option", {
          value: String((recipient as { kind?: unknown }).kind),
        });
        return { kind: "owner" };
    }
  }

  values(path: string, value: unknown, target: ObjectDefinition): Record<string, ValueSource> {
    const values = (value ?? {}) as Record<string, ValueSource>;
    if (typeof value !== "object" || value === null || Object.keys(values).length === 0)
      this.problem(path, "required");
    // The owner is no field, but an automation may set it (a renewal opportunity for the contract's owner).
    for (const [name, source] of Object.entries(values)) {
      if (name !== "owner_id") this.field(`${path}.${name}`, name, target);
      if (typeof source !== "object" || source === null) {
        this.problem(`${path}.${name}`, "required");
        continue;
      }
      if ("copy" in source) {
        if (source.copy !== "owner_id") this.field(`${path}.${name}.copy`, source.copy);
      } else if ("text" in source) {
        for (const placeholder of placeholdersOf(String(source.text)))
          if (!isPlaceholder(this.object, placeholder))
            this.problem(`${path}.${name}.text`, "unknown_placeholder", { name: placeholder });
      } else if ("formula" in source) {
        const checked = checkReadCondition(
          this.context.snapshot,
          this.object.apiName,
          String(source.formula),
          {
            expectBoolean: false,
          },
        );
        if (!checked.ok)
          this.issues.push(
            ...checked.errors.map((e) => formulaErrorToFieldIssue(e, `${path}.${name}.formula`)),
          );
      } else if (!("value" in source)) this.problem(`${path}.${name}`, "required");
    }
    return values;
  }

  action(path: string, value: unknown): AutomationAction {
    const action = (value ?? {}) as AutomationAction;
    switch (action.kind) {
      case "create_task": {
        const task = this.context.snapshot.objects.get(TASK_OBJECT.object);
        const needed = [TASK_OBJECT.subject, TASK_OBJECT.assignee, TASK_OBJECT.due];
        if (!task || needed.some((name) => !task.fields.some((f) => f.apiName === name)))
          this.problem(path, "automation_task_object", {
            object: TASK_OBJECT.object,
            fields: needed.join(", "),
          });
        const result: AutomationAction = {
          kind: "create_task",
          subject: this.text(`${path}.subject`, action.subject),
          assignee: this.recipient(`${path}.assignee`, action.assignee),
          due_in_days: action.due_in_days ?? 1,
          business_days: action.business_days === true,
        };
        if (
          !Number.isInteger(result.due_in_days) ||
          (result.due_in_days ?? 0) < 0 ||
          (result.due_in_days ?? 0) > 3650
        )
          this.problem(`${path}.due_in_days`, "out_of_range", { min: 0, max: 3650 });
        if (action.description) result.description = this.text(`${path}.description`, action.description);
        return result;
      }
      case "notify": {
        const recipients = Array.isArray(action.recipients) ? action.recipients : [];
        if (recipients.length === 0) this.problem(`${path}.recipients`, "required");
        return {
          kind: "notify",
          recipients: recipients.map((r, i) => this.recipient(`${path}.recipients.${i}`, r)),
          title: this.text(`${path}.title`, action.title),
          body: this.text(`${path}.body`, action.body),
          email: action.email === true,
        };
      }
      case "send_email":
        this.fieldOfType(`${path}.to_field`, action.to_field, ["email"], "field_not_email");
        return {
          kind: "send_email",
          to_field: action.to_field,
          subject: this.text(`${path}.subject`, action.subject),
          body: this.text(`${path}.body`, action.body),
        };
      case "update_fields":
        return { kind: "update_fields", values: this.values(`${path}.values`, action.values, this.object) };
      case "create_record": {
        const target = this.context.snapshot.objects.get(String(action.object ?? ""));
        if (!target) {
          this.problem(`${path}.object`, "unknown_object", { object: String(action.object ?? "") });
          return { kind: "create_record", object: String(action.object ?? ""), values: {} };
        }
        return {
          kind: "create_record",
          object: target.apiName,
          values: this.values(`${path}.values`, action.values, target),
        };
      }
      default:
        this.problem(`${path}.kind`, "invalid_option", {
          value: String((action as { kind?: unknown }).kind),
        });
        return { kind: "update_fields", values: {} };
    }
  }

  runAs(value: unknown): RunAs {
    const runAs = (value ?? { kind: "system" }) as RunAs;
    if (runAs.kind === "user") {
      if (typeof runAs.user !== "string" || !/^[0-9a-f-]{36}$/i.test(runAs.user))
        this.problem("run_as.user", "required");
      return { kind: "user", user: runAs.user };
    }
    if (runAs.kind !== "system")
      this.problem("run_as.kind", "invalid_option", { value: String((runAs as { kind?: unknown }).kind) });
    return { kind: "system" };
  }
}

function optionValues(field: FieldDefinition): string[] {
  const options = (field.config as { options?: Array<{ value: string }> }).options;
  return Array.isArray(options) ? options.map((option) => option.value) : [];
}

/**
 * Applies the input over the stored automation (or the defaults) and checks it against the object's fields,
 * reporting every problem at once with its path (`actions.2.recipients.0.field`).
 */
export function resolveAutomation(
  context: CheckContext,
  object: ObjectDefinition,
  input: AutomationInput,
  base: AutomationDefinition | null,
  issues: FieldIssue[],
): AutomationDefinition {
  const check = new Checker(context, object);
  const apiName = base?.api_name ?? input.api_name ?? "";
  if (!base && !isValidApiName(apiName)) check.problem("api_name", "invalid_api_name");
  const trigger = check.trigger(input.trigger ?? base?.trigger);
  const actionsInput = input.actions ?? base?.actions ?? [];
  if (!Array.isArray(actionsInput) || actionsInput.length === 0) check.problem("actions", "required");
  if (Array.isArray(actionsInput) && actionsInput.length > 20)
    check.problem("actions", "too_many", { max: 20 });
  const definition: AutomationDefinition = {
    api_name: apiName,
    object: object.apiName,
    labels: check.text("labels", input.labels ?? base?.labels),
    description:
      (input.description ?? base?.description)
        ? check.text("description", input.description ?? base?.description)
        : null,
    enabled: input.enabled ?? base?.enabled ?? false,
    trigger,
    condition: check.condition(input.condition === undefined ? base?.condition : input.condition, trigger),
    actions: Array.isArray(actionsInput) ? actionsInput.map((a, i) => check.action(`actions.${i}`, a)) : [],
    run_as: check.runAs(input.run_as ?? base?.run_as),
  };
  issues.push(...check.issues);
  return definition;
}
