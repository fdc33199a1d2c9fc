import {
  type FieldDefinition,
  type FieldIssue,
  formulaErrorToFieldIssue,
  inBothLanguages,
  isGivenText,
  type MetadataSnapshot,
  type ObjectDefinition,
  type Recipient,
  type Translatable,
  type ValueSource,
} from "@keduo/core";
import { checkReadCondition } from "../validation/index.ts";
import { placeholdersOf } from "./text-template.ts";

export interface CheckContext {
  snapshot: MetadataSnapshot;
  /** Role API names a recipient may name. */
  roles: ReadonlySet<string>;
  /** Hosts a webhook may call although they are inside the network (KEDUO_WEBHOOK_ALLOW_HOSTS). */
  webhookAllowHosts?: ReadonlySet<string>;
}

/** A name a text may show: a visible field, or the record's owner (shown by name). */
const isPlaceholder = (object: ObjectDefinition, name: string) =>
  name === "owner_id" || object.fields.some((f) => f.apiName === name && !f.hidden);

/**
 * What every part of an automation definition is checked with: fields, texts with placeholders, recipients and
 * values against the metadata, each problem collected with its JSON path so the admin sees them all at once.
 * The trigger, the condition and each kind of action use it (actions/, trigger-check.ts).
 */
export class DefinitionChecker {
  readonly issues: FieldIssue[] = [];
  readonly context: CheckContext;
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

  fieldOfType(
    path: string,
    name: unknown,
    types: readonly string[],
    code: string,
    on: ObjectDefinition = this.object,
  ) {
    const field = this.field(path, name, on);
    if (field && !types.includes(field.type)) this.problem(path, code, { name: field.apiName });
    return field;
  }

  text(path: string, value: unknown, on: ObjectDefinition = this.object): Translatable {
    if (!isGivenText(value)) {
      this.problem(path, "required");
      return { "zh-CN": "", en: "" };
    }
    for (const [locale, text] of Object.entries(value))
      for (const name of placeholdersOf(text))
        if (!isPlaceholder(on, name)) this.problem(`${path}.${locale}`, "unknown_placeholder", { name });
    return inBothLanguages(value);
  }

  positiveInteger(path: string, value: unknown, max: number) {
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > max)
      this.problem(path, "out_of_range", { min: 1, max });
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
          this.problem(`${path}.role`, "unknown_role", { name: String(recipient.role ?? "") });
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
}

export function optionValues(field: FieldDefinition): string[] {
  const options = (field.config as { options?: Array<{ value: string }> }).options;
  return Array.isArray(options) ? options.map((option) => option.value) : [];
}
