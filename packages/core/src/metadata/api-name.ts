/** API names are stable snake_case identifiers; they become SQL identifiers, so the rule is strict. */
const API_NAME = /^[a-z][a-z0-9_]{1,39}$/;

/** Columns every object table has; fields may not take these names. */
export const SYSTEM_COLUMNS = [
  "id",
  "created_at",
  "updated_at",
  "created_by",
  "updated_by",
  "owner_id",
  "version",
  "deleted_at",
] as const;

const RESERVED_FIELD_NAMES = new Set<string>([
  ...SYSTEM_COLUMNS,
  "owner",
  "oid",
  "ctid",
  "xmin",
  "xmax",
  "cmin",
  "cmax",
  "tableoid",
  "select",
  "from",
  "where",
  "table",
  "user",
  "order",
  "group",
]);

const RESERVED_OBJECT_NAMES = new Set<string>([
  "meta",
  "auth",
  "files",
  "users",
  "roles",
  "user",
  "role",
  "public",
  "information_schema",
  "select",
  "table",
  "order",
  "group",
]);

export function isValidApiName(name: unknown): name is string {
  // A double underscore is how multi-column fields name their extra columns (amount__currency).
  return typeof name === "string" && API_NAME.test(name) && !name.includes("__") && !name.endsWith("_");
}

export function isReservedFieldName(name: string): boolean {
  return RESERVED_FIELD_NAMES.has(name) || name.startsWith("pg_");
}

export function isReservedObjectName(name: string): boolean {
  return RESERVED_OBJECT_NAMES.has(name) || name.startsWith("pg_");
}
