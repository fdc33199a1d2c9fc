import { EQUALITY_OPERATORS, type FieldType, fail, ok, type Parsed } from "./field-type.ts";
import { parseUuid } from "./reference-types.ts";

function departmentIds(value: unknown, multiple: boolean): Parsed<string | string[] | null> {
  if (value === null || value === undefined) return ok(null);
  if (!multiple) return parseUuid(value);
  if (!Array.isArray(value)) return fail("invalid_type", { expected: "list" });
  const ids: string[] = [];
  for (const item of value) {
    const parsed = parseUuid(item);
    if (!parsed.ok) return parsed;
    if (!ids.includes(parsed.value)) ids.push(parsed.value);
  }
  if (ids.length > 100) return fail("too_many", { max: 100 });
  return ok(ids.length ? ids : null);
}

/**
 * A department (部门单选) or several (部门多选, `config.multiple`), beside user fields as Chinese no-code
 * platforms offer. Single values reference the departments table; a list is a uuid[] checked on write.
 */
export const departmentType: FieldType = {
  name: "department",
  label: { "zh-CN": "部门", en: "Department" },
  resolveConfig: (config) => ({ multiple: config.multiple === true }),
  columns: (field) =>
    field.config.multiple
      ? [{ name: field.apiName, sqlType: "uuid[]" }]
      : [{ name: field.apiName, sqlType: "uuid", references: { kind: "departments" } }],
  jsonSchema: (field) =>
    field.config.multiple
      ? { type: ["array", "null"], items: { type: "string", format: "uuid" }, uniqueItems: true }
      : { type: ["string", "null"], format: "uuid" },
  toColumns(value, field) {
    const parsed = departmentIds(value, field.config.multiple === true);
    return parsed.ok ? ok({ [field.apiName]: parsed.value }) : parsed;
  },
  fromColumns: (row, field) => row[field.apiName] ?? (field.config.multiple ? [] : null),
  parseOperand: parseUuid,
  operators: EQUALITY_OPERATORS,
  sortable: false,
  supportsUnique: false,
  supportsIndex: true,
};
