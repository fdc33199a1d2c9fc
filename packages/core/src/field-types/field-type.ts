import type { ErrorParams, FieldIssue } from "../errors/keduo-error.ts";
import type { Translatable } from "../i18n/locale.ts";
import type { ColumnSpec, FieldConfig, FieldDefinition, FieldTypeName } from "../metadata/definitions.ts";

export const FILTER_OPERATORS = [
  "eq",
  "neq",
  "lt",
  "lte",
  "gt",
  "gte",
  "in",
  "nin",
  "contains",
  "starts_with",
  "is_empty",
  "is_not_empty",
  "between",
  "within",
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; params?: ErrorParams };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (code: string, params?: ErrorParams): Parsed<never> =>
  params ? { ok: false, code, params } : { ok: false, code };

/** What field types may need from the outside world, injected so core stays free of I/O and data files. */
export interface FieldTypeContext {
  sanitizeHtml(html: string): string;
  isValidDivision(codes: { province: string; city?: string | null; district?: string | null }): boolean;
}

export type JsonSchema = Record<string, unknown>;

/** Everything Keduo knows about one field type. A new type is one file plus one registry line. */
export interface FieldType {
  name: FieldTypeName;
  label: Translatable;
  /** Validates and completes type-specific settings; pushes issues with `config.*` paths. */
  resolveConfig(config: FieldConfig, issues: FieldIssue[]): FieldConfig;
  /** Physical columns; the first one is the primary column used for sort, unique and index. */
  columns(field: FieldDefinition): ColumnSpec[];
  /** JSON Schema of the value in API requests and responses (OpenAPI). */
  jsonSchema(field: FieldDefinition): JsonSchema;
  /** API value → column values. `null` clears. */
  toColumns(value: unknown, field: FieldDefinition, ctx: FieldTypeContext): Parsed<Record<string, unknown>>;
  /** Row (keyed by column name) → API value. */
  fromColumns(row: Record<string, unknown>, field: FieldDefinition): unknown;
  /** One filter operand → the bind value compared with the primary column. */
  parseOperand(value: unknown, field: FieldDefinition): Parsed<unknown>;
  operators: readonly FilterOperator[];
  sortable: boolean;
  supportsUnique: boolean;
  supportsIndex: boolean;
  /** Set by the system, never by a client (auto-number). */
  systemGenerated?: boolean;
  /** Stored outside the object table (many-to-many junction): no columns on the table. */
  junction?: boolean;
  /** Computed at read time (formula): no columns, never written, read-only by definition. */
  computed?: boolean;
  /** Operators and sortability that depend on the field's settings (a formula's result type). */
  operatorsOf?(field: Pick<FieldDefinition, "config">): readonly FilterOperator[];
  sortableOf?(field: Pick<FieldDefinition, "config">): boolean;
  /**
   * The field holds a set of values (multi select, many-to-many relation): a filter's `contains` asks for
   * every given value, `in` for any of them, `nin` for none.
   */
  holdsManyOf?(field: Pick<FieldDefinition, "config">): boolean;
}

/** The filter operators one field supports. */
export function fieldOperators(
  type: FieldType,
  field: Pick<FieldDefinition, "config">,
): readonly FilterOperator[] {
  return type.operatorsOf ? type.operatorsOf(field) : type.operators;
}

/** Whether one field holds a set of values (see FieldType.holdsManyOf). */
export function fieldHoldsMany(type: FieldType, field: Pick<FieldDefinition, "config">): boolean {
  return type.holdsManyOf?.(field) ?? false;
}

export function fieldSortable(type: FieldType, field: Pick<FieldDefinition, "config">): boolean {
  return type.sortableOf ? type.sortableOf(field) : type.sortable;
}

/** Primary column name of a field: the API name itself; extra columns are `<api_name>__<part>`. */
export function primaryColumn(field: FieldDefinition): string {
  return field.apiName;
}

export function partColumn(field: FieldDefinition, part: string): string {
  return `${field.apiName}__${part}`;
}

export const COMPARABLE_OPERATORS: readonly FilterOperator[] = [
  "eq",
  "neq",
  "lt",
  "lte",
  "gt",
  "gte",
  "in",
  "nin",
  "between",
  "is_empty",
  "is_not_empty",
];
export const EQUALITY_OPERATORS: readonly FilterOperator[] = [
  "eq",
  "neq",
  "in",
  "nin",
  "is_empty",
  "is_not_empty",
];
export const TEXT_OPERATORS: readonly FilterOperator[] = [...EQUALITY_OPERATORS, "contains", "starts_with"];
