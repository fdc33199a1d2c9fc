import type { FieldIssue } from "../errors/keduo-error.ts";
import type { FieldConfig, FieldDefinition, SelectOption } from "../metadata/definitions.ts";
import { EQUALITY_OPERATORS, type FieldType, fail, ok, type Parsed } from "./field-type.ts";

/** An option's labels; one language is enough, the other falls back to it. Null when it has neither. */
function labelsOf(option: SelectOption | undefined): SelectOption["labels"] | null {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const [zh, en] = [text(option?.labels?.["zh-CN"]), text(option?.labels?.en)];
  return zh || en ? { "zh-CN": zh || en, en: en || zh } : null;
}

function resolveOptions(config: FieldConfig, issues: FieldIssue[]): SelectOption[] {
  const options = config.options ?? [];
  if (!Array.isArray(options) || options.length === 0) {
    issues.push({ field: "config.options", code: "required" });
    return [];
  }
  const seen = new Set<string>();
  // An option value is taken as the admin typed it, in lower case ("A" is the option a).
  const normalizedValue = (option: SelectOption) =>
    typeof option?.value === "string" ? option.value.trim().toLowerCase() : option?.value;
  options.forEach((option, index) => {
    const value = normalizedValue(option);
    if (!option || typeof value !== "string" || !/^[a-z0-9_]{1,60}$/.test(value)) {
      issues.push({ field: `config.options.${index}.value`, code: "invalid_option_value" });
    } else if (seen.has(value)) {
      issues.push({
        field: `config.options.${index}.value`,
        code: "duplicate_name",
        params: { value },
      });
    } else seen.add(value);
    if (!labelsOf(option)) issues.push({ field: `config.options.${index}.labels`, code: "required" });
  });
  return options.map((o) => {
    const labels = labelsOf(o) ?? o?.labels;
    return o.color
      ? { value: normalizedValue(o), labels, color: o.color }
      : { value: normalizedValue(o), labels };
  });
}

function optionValue(value: unknown, field: FieldDefinition): Parsed<string> {
  if (typeof value !== "string") return fail("invalid_type", { expected: "text" });
  const options = field.config.options ?? [];
  return options.some((o) => o.value === value) ? ok(value) : fail("invalid_option", { value });
}

export const singleSelectType: FieldType = {
  name: "single_select",
  label: { "zh-CN": "单选", en: "Single select" },
  resolveConfig: (config, issues) => ({ options: resolveOptions(config, issues) }),
  columns: (field) => [{ name: field.apiName, sqlType: "text" }],
  jsonSchema: (field) => ({ enum: [...(field.config.options ?? []).map((o) => o.value), null] }),
  toColumns(value, field) {
    if (value === null || value === undefined || value === "") return ok({ [field.apiName]: null });
    const parsed = optionValue(value, field);
    return parsed.ok ? ok({ [field.apiName]: parsed.value }) : parsed;
  },
  fromColumns: (row, field) => row[field.apiName] ?? null,
  parseOperand: optionValue,
  operators: EQUALITY_OPERATORS,
  sortable: true,
  supportsUnique: false,
  supportsIndex: true,
};

export const multiSelectType: FieldType = {
  name: "multi_select",
  label: { "zh-CN": "多选", en: "Multi select" },
  resolveConfig: (config, issues) => {
    const resolved: FieldConfig = { options: resolveOptions(config, issues) };
    if (config.max_selected !== undefined) resolved.max_selected = config.max_selected;
    return resolved;
  },
  columns: (field) => [{ name: field.apiName, sqlType: "text[]" }],
  jsonSchema: (field) => ({
    type: ["array", "null"],
    uniqueItems: true,
    items: { enum: (field.config.options ?? []).map((o) => o.value) },
  }),
  toColumns(value, field) {
    if (value === null || value === undefined) return ok({ [field.apiName]: null });
    if (!Array.isArray(value)) return fail("invalid_type", { expected: "list" });
    const values: string[] = [];
    for (const item of value) {
      const parsed = optionValue(item, field);
      if (!parsed.ok) return parsed;
      if (!values.includes(parsed.value)) values.push(parsed.value);
    }
    if (field.config.max_selected && values.length > field.config.max_selected) {
      return fail("too_many", { max: field.config.max_selected });
    }
    return ok({ [field.apiName]: values.length ? values : null });
  },
  fromColumns: (row, field) => row[field.apiName] ?? [],
  parseOperand: optionValue,
  // contains: has every given value; in: has any of them; nin: has none of them.
  operators: ["contains", "in", "nin", "is_empty", "is_not_empty"],
  holdsManyOf: () => true,
  sortable: false,
  supportsUnique: false,
  supportsIndex: true,
};
