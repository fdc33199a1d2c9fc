import {
  type CompositeIndex,
  type FieldConfig,
  type FieldDefinition,
  type FieldDefinitionInput,
  type FieldIssue,
  type FieldTypeContext,
  fieldTypeOf,
  isFieldTypeName,
  isReservedFieldName,
  isReservedObjectName,
  isValidApiName,
  LOCALES,
  type ObjectDefinition,
  type ObjectDefinitionInput,
  type Translatable,
} from "@keduo/core";

function checkLabels(
  value: unknown,
  path: string,
  issues: FieldIssue[],
  { required }: { required: boolean } = { required: true },
): Translatable | null {
  if (value === undefined || value === null) {
    if (required) issues.push({ field: path, code: "required" });
    return null;
  }
  if (typeof value !== "object") {
    issues.push({ field: path, code: "invalid_type", params: { expected: "{zh-CN, en}" } });
    return null;
  }
  const labels = value as Record<string, unknown>;
  const text = (locale: string) =>
    typeof labels[locale] === "string" ? (labels[locale] as string).trim() : "";
  // One language is enough: the other falls back to it until someone translates it.
  if (LOCALES.every((locale) => text(locale) === "")) {
    if (required) for (const locale of LOCALES) issues.push({ field: `${path}.${locale}`, code: "required" });
    return null;
  }
  for (const locale of LOCALES) {
    const given = labels[locale];
    if (given !== undefined && given !== null && typeof given !== "string")
      issues.push({ field: `${path}.${locale}`, code: "invalid_type", params: { expected: "text" } });
    else if (text(locale).length > 200)
      issues.push({ field: `${path}.${locale}`, code: "too_long", params: { max: 200 } });
  }
  const zh = text("zh-CN") || text("en");
  const en = text("en") || text("zh-CN");
  return { "zh-CN": zh, en };
}

export function resolveObjectInput(
  input: Partial<ObjectDefinitionInput>,
  existing: ObjectDefinition | null,
  issues: FieldIssue[],
): Omit<ObjectDefinition, "id" | "fields"> {
  const apiName = existing?.apiName ?? input.api_name;
  if (!existing) {
    if (!isValidApiName(apiName)) issues.push({ field: "api_name", code: "invalid_api_name" });
    else if (isReservedObjectName(apiName))
      issues.push({ field: "api_name", code: "reserved_name", params: { value: apiName } });
  }
  const labels =
    input.labels === undefined && existing ? existing.labels : checkLabels(input.labels, "labels", issues);
  const plural =
    input.plural_labels === undefined
      ? (existing?.pluralLabels ?? labels)
      : checkLabels(input.plural_labels, "plural_labels", issues);
  const description =
    input.description === undefined
      ? (existing?.description ?? null)
      : checkLabels(input.description, "description", issues, { required: false });
  const displayField =
    input.display_field === undefined ? (existing?.displayField ?? null) : input.display_field;
  if (
    displayField !== null &&
    existing &&
    !existing.fields.some((f) => f.apiName === displayField && !f.hidden)
  ) {
    issues.push({ field: "display_field", code: "unknown_field", params: { name: String(displayField) } });
  }
  const sharingDefault = input.sharing_default ?? existing?.sharingDefault ?? "public_read_write";
  if (!["private", "public_read", "public_read_write"].includes(sharingDefault)) {
    issues.push({
      field: "sharing_default",
      code: "invalid_option",
      params: { value: String(sharingDefault) },
    });
  }
  const teamAccess = input.team_access ?? existing?.teamAccess ?? "none";
  if (!["none", "read", "edit"].includes(teamAccess)) {
    issues.push({ field: "team_access", code: "invalid_option", params: { value: String(teamAccess) } });
  }
  return {
    sharingDefault,
    teamAccess,
    indexes:
      input.indexes === undefined
        ? (existing?.indexes ?? [])
        : resolveIndexes(input.indexes, existing, issues),
    apiName: String(apiName ?? ""),
    labels: labels ?? { "zh-CN": "", en: "" },
    pluralLabels: plural ?? labels ?? { "zh-CN": "", en: "" },
    description,
    displayField: displayField ?? null,
  };
}

const BOOLEAN_OPTIONS = ["required", "unique", "indexed", "read_only"] as const;

/**
 * Validates a field definition (new, or `existing` merged with a patch) and fills every default, returning
 * all problems at once. The default value is checked with the field type's own parser.
 */
export function resolveFieldInput(
  input: Partial<FieldDefinitionInput>,
  existing: FieldDefinition | null,
  object: ObjectDefinition,
  ctx: FieldTypeContext,
  issues: FieldIssue[],
  id: string,
): FieldDefinition {
  const apiName = existing?.apiName ?? input.api_name;
  if (!existing) {
    if (!isValidApiName(apiName)) issues.push({ field: "api_name", code: "invalid_api_name" });
    else if (isReservedFieldName(apiName))
      issues.push({ field: "api_name", code: "reserved_name", params: { value: apiName } });
  }
  const typeName = input.type ?? existing?.type;
  if (!isFieldTypeName(typeName)) {
    issues.push({ field: "type", code: "invalid_option", params: { value: String(typeName) } });
  }
  for (const option of BOOLEAN_OPTIONS) {
    if (input[option] !== undefined && typeof input[option] !== "boolean") {
      issues.push({ field: option, code: "invalid_type", params: { expected: "true/false" } });
    }
  }
  const labels =
    input.labels === undefined && existing ? existing.labels : checkLabels(input.labels, "labels", issues);
  const helpText =
    input.help_text === undefined
      ? (existing?.helpText ?? null)
      : checkLabels(input.help_text, "help_text", issues, { required: false });
  const type = isFieldTypeName(typeName) ? fieldTypeOf(typeName) : fieldTypeOf("text");
  const configIssues: FieldIssue[] = [];
  const configInput: FieldConfig =
    input.config === undefined
      ? (existing?.config ?? {})
      : input.config && typeof input.config === "object"
        ? input.config
        : {};
  const config = type.resolveConfig(configInput, configIssues);
  issues.push(...configIssues);
  const pick = (option: (typeof BOOLEAN_OPTIONS)[number], fallback: boolean) =>
    typeof input[option] === "boolean"
      ? (input[option] as boolean)
      : existing
        ? existingFlag(existing, option)
        : fallback;
  const field: FieldDefinition = {
    id,
    objectApiName: object.apiName,
    apiName: String(apiName ?? ""),
    type: type.name,
    labels: labels ?? { "zh-CN": "", en: "" },
    helpText,
    required: pick("required", false),
    unique: pick("unique", false),
    indexed: pick("indexed", false),
    readOnly: type.systemGenerated || type.computed ? true : pick("read_only", false),
    defaultValue: input.default === undefined ? (existing?.defaultValue ?? null) : input.default,
    config,
    position: existing?.position ?? object.fields.length,
    hidden: existing?.hidden ?? false,
  };
  if (field.unique && !type.supportsUnique)
    issues.push({ field: "unique", code: "invalid_value", params: { reason: type.name } });
  if (field.indexed && !type.supportsIndex)
    issues.push({ field: "indexed", code: "invalid_value", params: { reason: type.name } });
  // A computed value is whatever its expression gives; there is nothing to require.
  if (field.required && type.computed)
    issues.push({ field: "required", code: "invalid_value", params: { reason: type.name } });
  if (type.systemGenerated) {
    if (field.defaultValue !== null) issues.push({ field: "default", code: "read_only" });
    // Auto-numbers are always present and distinct; saying so lets the database enforce it.
    field.unique = true;
    field.required = true;
  } else if (field.defaultValue !== null && configIssues.length === 0) {
    const parsed = type.toColumns(field.defaultValue, field, ctx);
    if (!parsed.ok)
      issues.push({
        field: "default",
        code: parsed.code,
        ...(parsed.params ? { params: parsed.params } : {}),
      });
  }
  return field;
}

function existingFlag(field: FieldDefinition, option: (typeof BOOLEAN_OPTIONS)[number]): boolean {
  if (option === "read_only") return field.readOnly;
  return field[option];
}

const MAX_INDEXES = 10;

/** Composite indexes: 2–4 distinct, indexable, visible fields each; at most ten per object. */
function resolveIndexes(
  input: unknown,
  existing: ObjectDefinition | null,
  issues: FieldIssue[],
): CompositeIndex[] {
  if (!Array.isArray(input) || input.length > MAX_INDEXES) {
    issues.push({ field: "indexes", code: "too_many", params: { max: MAX_INDEXES } });
    return [];
  }
  const seen = new Set<string>();
  return input.flatMap((index: unknown, i) => {
    const fields = (index as { fields?: unknown })?.fields;
    if (
      !Array.isArray(fields) ||
      fields.length < 2 ||
      fields.length > 4 ||
      new Set(fields).size !== fields.length
    ) {
      issues.push({
        field: `indexes.${i}.fields`,
        code: "invalid_value",
        params: { reason: "2–4 distinct fields" },
      });
      return [];
    }
    for (const [j, name] of fields.entries()) {
      const field = existing?.fields.find((f) => f.apiName === name && !f.hidden);
      const type = field ? fieldTypeOf(field.type) : null;
      if (
        !field ||
        !type?.supportsIndex ||
        type.columns(field).length === 0 ||
        field.type === "multi_select"
      ) {
        issues.push({
          field: `indexes.${i}.fields.${j}`,
          code: "unknown_field",
          params: { name: String(name) },
        });
      }
    }
    const key = fields.join(",");
    if (seen.has(key))
      issues.push({ field: `indexes.${i}`, code: "duplicate_value", params: { value: key } });
    seen.add(key);
    return [{ fields: fields.map(String) }];
  });
}
