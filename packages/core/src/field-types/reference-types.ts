import { isValidApiName } from "../metadata/api-name.ts";
import type { FieldConfig, FieldDefinition, RelationConfig } from "../metadata/definitions.ts";
import {
  EQUALITY_OPERATORS,
  type FieldType,
  type FilterOperator,
  fail,
  ok,
  type Parsed,
} from "./field-type.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseUuid(value: unknown): Parsed<string> {
  return typeof value === "string" && UUID.test(value)
    ? ok(value.toLowerCase())
    : fail("invalid_format", { format: "UUID" });
}

/**
 * In a filter on a user field, "the person reading": `{"owner_id": {"eq": "$me"}}` lists each reader's own
 * records, so one saved view serves everyone. The SQL compiler puts the reader's id in its place.
 */
export const CURRENT_USER = "$me";

/**
 * In a filter on a user field, "anyone in my team": the reader and every user of the reader's department or
 * a department below it (a reader without a department: only themselves). `{"owner_id": {"eq": "$my_team"}}`
 * is a manager's "my team's records" in one saved view for every manager.
 */
export const CURRENT_USER_TEAM = "$my_team";

const parseUserOperand = (value: unknown): Parsed<string> =>
  value === CURRENT_USER || value === CURRENT_USER_TEAM ? ok(value) : parseUuid(value);

/** Accepts an id or an object with an id (what a client read from an expanded relation). */
function referenceId(value: unknown): Parsed<string> {
  if (value && typeof value === "object" && "id" in value) return parseUuid((value as { id: unknown }).id);
  return parseUuid(value);
}

const isManyToMany = (field: Pick<FieldDefinition, "config">) =>
  field.config.relation?.cardinality === "many_to_many";
const MANY_TO_MANY_OPERATORS: readonly FilterOperator[] = [
  "contains",
  "in",
  "nin",
  "is_empty",
  "is_not_empty",
];

export const userType: FieldType = {
  name: "user",
  label: { "zh-CN": "人员", en: "User" },
  resolveConfig: () => ({}),
  columns: (field) => [{ name: field.apiName, sqlType: "uuid", references: { kind: "users" } }],
  jsonSchema: () => ({ type: ["string", "null"], format: "uuid" }),
  toColumns(value, field) {
    if (value === null || value === undefined) return ok({ [field.apiName]: null });
    const parsed = referenceId(value);
    return parsed.ok ? ok({ [field.apiName]: parsed.value }) : parsed;
  },
  fromColumns: (row, field) => row[field.apiName] ?? null,
  parseOperand: parseUserOperand,
  operators: EQUALITY_OPERATORS,
  sortable: false,
  supportsUnique: false,
  supportsIndex: true,
};

function resolveRelation(
  config: FieldConfig,
  issues: { field: string; code: string; params?: Record<string, string> }[],
) {
  const relation = config.relation as Partial<RelationConfig> | undefined;
  if (!relation || typeof relation !== "object") {
    issues.push({ field: "config.relation", code: "required" });
    return {};
  }
  if (!isValidApiName(relation.target))
    issues.push({ field: "config.relation.target", code: "invalid_api_name" });
  const cardinality = relation.cardinality ?? "many_to_one";
  if (cardinality !== "many_to_one" && cardinality !== "many_to_many") {
    issues.push({
      field: "config.relation.cardinality",
      code: "invalid_option",
      params: { value: String(cardinality) },
    });
  }
  if (!isValidApiName(relation.inverse_name))
    issues.push({ field: "config.relation.inverse_name", code: "invalid_api_name" });
  if (!relation.inverse_labels?.["zh-CN"] || !relation.inverse_labels.en) {
    issues.push({ field: "config.relation.inverse_labels", code: "required" });
  }
  return {
    relation: {
      target: relation.target ?? "",
      cardinality,
      inverse_name: relation.inverse_name ?? "",
      inverse_labels: relation.inverse_labels ?? { "zh-CN": "", en: "" },
    } as RelationConfig,
  };
}

/**
 * A relation to another object. Many-to-one is a foreign-key column; many-to-many lives in a junction
 * table `<object>__<field>` (schema sync creates it) and its value is the list of related ids.
 */
export const relationType: FieldType = {
  name: "relation",
  label: { "zh-CN": "关联", en: "Relation" },
  resolveConfig: resolveRelation,
  columns: (field) =>
    field.config.relation?.cardinality === "many_to_many"
      ? []
      : [
          {
            name: field.apiName,
            sqlType: "uuid",
            references: { kind: "object", object: field.config.relation?.target ?? "" },
          },
        ],
  jsonSchema: (field) =>
    field.config.relation?.cardinality === "many_to_many"
      ? { type: ["array", "null"], items: { type: "string", format: "uuid" }, uniqueItems: true }
      : { type: ["string", "null"], format: "uuid" },
  toColumns(value, field) {
    if (field.config.relation?.cardinality === "many_to_many") {
      if (value === null || value === undefined) return ok({ [field.apiName]: [] });
      if (!Array.isArray(value)) return fail("invalid_type", { expected: "list" });
      const ids: string[] = [];
      for (const item of value) {
        const parsed = referenceId(item);
        if (!parsed.ok) return parsed;
        if (!ids.includes(parsed.value)) ids.push(parsed.value);
      }
      if (ids.length > 1000) return fail("too_many", { max: 1000 });
      return ok({ [field.apiName]: ids });
    }
    if (value === null || value === undefined) return ok({ [field.apiName]: null });
    const parsed = referenceId(value);
    return parsed.ok ? ok({ [field.apiName]: parsed.value }) : parsed;
  },
  fromColumns: (row, field) => row[field.apiName] ?? (isManyToMany(field) ? [] : null),
  parseOperand: parseUuid,
  operators: EQUALITY_OPERATORS,
  // Many-to-many: contains (all of), in (any of), nin (none of) the given ids, and emptiness.
  operatorsOf: (field) => (isManyToMany(field) ? MANY_TO_MANY_OPERATORS : EQUALITY_OPERATORS),
  holdsManyOf: isManyToMany,
  sortable: false,
  supportsUnique: false,
  supportsIndex: true,
};

export interface AttachmentRef {
  id: string;
  name?: string;
  size?: number;
  content_type?: string;
}

/**
 * Files are uploaded first (`POST /api/files`), then referenced by id. The records service replaces
 * each id by the stored file's metadata, so reads need no join.
 */
export const attachmentType: FieldType = {
  name: "attachment",
  label: { "zh-CN": "附件", en: "Attachment" },
  resolveConfig: (config) => ({ max_files: config.max_files ?? 20 }),
  columns: (field) => [{ name: field.apiName, sqlType: "jsonb" }],
  jsonSchema: () => ({
    type: ["array", "null"],
    items: {
      type: "object",
      properties: {
        id: { type: "string", format: "uuid" },
        name: { type: "string" },
        size: { type: "integer" },
        content_type: { type: "string" },
      },
      required: ["id"],
    },
  }),
  toColumns(value, field) {
    if (value === null || value === undefined) return ok({ [field.apiName]: null });
    if (!Array.isArray(value)) return fail("invalid_type", { expected: "list" });
    const refs: AttachmentRef[] = [];
    for (const item of value) {
      const parsed = referenceId(item);
      if (!parsed.ok) return parsed;
      if (!refs.some((r) => r.id === parsed.value)) refs.push({ id: parsed.value });
    }
    if (refs.length > (field.config.max_files ?? 20))
      return fail("too_many", { max: field.config.max_files ?? 20 });
    return ok({ [field.apiName]: refs.length ? refs : null });
  },
  fromColumns: (row, field) => row[field.apiName] ?? [],
  parseOperand: parseUuid,
  operators: ["is_empty", "is_not_empty"],
  sortable: false,
  supportsUnique: false,
  supportsIndex: false,
};
