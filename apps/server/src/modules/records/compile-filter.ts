import {
  FILTER_OPERATORS,
  type FieldDefinition,
  type FieldIssue,
  type FilterOperator,
  fieldOperators,
  fieldTypeOf,
  KeduoError,
  parseRelativeDate,
  resolveRelativeDate,
  resolveRelativeInstantRange,
  unstorableTextPaths,
} from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { dateColumnPlanOf, type ValueFilter } from "../formula-sql/index.ts";
import type { ObjectModel } from "../metadata/index.ts";
import { junctionTable } from "../schema-sync/names.ts";

type Sql = RawBuilder<unknown>;

export interface FilterContext {
  model: ObjectModel;
  schemas: Schemas;
  /** Table alias of the object in the query. */
  alias: string;
  /** Org-time-zone calendar date and zone, from the server clock: relative dates mean the same on every engine. */
  today: string;
  timeZone: string;
  /** The SQL of formula fields on `alias`; without it, formula fields cannot be filtered on. */
  formula?: (field: FieldDefinition) => Sql;
}

const MAX_DEPTH = 8;
const MAX_CONDITIONS = 100;
const MAX_LIST = 1000;

/** `%`, `_` and `\` in user text are literal in contains / starts_with. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Compiles the filter JSON (DESIGN §5) into one SQL predicate. Field names are checked against metadata and
 * become identifiers only through `sql.id`; every value is a bind parameter. All problems are reported at once.
 * @example compileFilter({ and: [{ region: { eq: "华东" } }, { annual_revenue: { gte: 1000000 } }] }, ctx)
 */
export function compileFilter(filter: unknown, ctx: FilterContext): Sql {
  // A `?filter=` is JSON inside a query parameter, so the request hook (http/storable-text-hook.ts) never saw
  // its values: text PostgreSQL cannot bind (NUL, lone surrogates) is refused here, for every operator.
  const unstorable = unstorableTextPaths(filter, "filter");
  if (unstorable.length) {
    throw new KeduoError("INVALID_FILTER", {
      issues: unstorable.map((field) => ({ field, code: "invalid_characters" })),
    });
  }
  const issues: FieldIssue[] = [];
  let conditions = 0;
  const column = (name: string) => sql.id(ctx.alias, name);

  const node = (value: unknown, path: string, depth: number): Sql => {
    if (depth > MAX_DEPTH) {
      issues.push({ field: path, code: "too_many", params: { max: MAX_DEPTH } });
      return sql`false`;
    }
    if (!isPlainObject(value)) {
      issues.push({ field: path, code: "invalid_type", params: { expected: "object" } });
      return sql`false`;
    }
    const parts: Sql[] = [];
    for (const [key, operand] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key === "and" || key === "or") {
        if (!Array.isArray(operand) || operand.length === 0) {
          issues.push({ field: at, code: "invalid_type", params: { expected: "list" } });
          continue;
        }
        const children = operand.map((child, index) => node(child, `${at}.${index}`, depth + 1));
        parts.push(sql`(${sql.join(children, key === "and" ? sql` AND ` : sql` OR `)})`);
      } else if (key === "not") {
        parts.push(sql`NOT (${node(operand, at, depth + 1)})`);
      } else {
        parts.push(fieldConditions(key, operand, at));
      }
    }
    return parts.length ? sql`(${sql.join(parts, sql` AND `)})` : sql`true`;
  };

  const fieldConditions = (name: string, operand: unknown, path: string): Sql => {
    const field = ctx.model.queryable.get(name);
    if (!field || (field.type === "formula" && !ctx.formula)) {
      issues.push({ field: path, code: "unknown_field", params: { name } });
      return sql`false`;
    }
    if (!isPlainObject(operand)) {
      issues.push({ field: path, code: "invalid_type", params: { expected: '{"operator": value}' } });
      return sql`false`;
    }
    const parts: Sql[] = [];
    for (const [operator, value] of Object.entries(operand)) {
      if (++conditions > MAX_CONDITIONS) {
        issues.push({ field: path, code: "too_many", params: { max: MAX_CONDITIONS } });
        return sql`false`;
      }
      const compiled = condition(field, operator, value, `${path}.${operator}`);
      if (compiled) parts.push(compiled);
    }
    return parts.length ? sql.join(parts, sql` AND `) : sql`false`;
  };

  const operand = (field: FieldDefinition, value: unknown, path: string): unknown => {
    const parsed = fieldTypeOf(field.type).parseOperand(value, field);
    if (parsed.ok) return parsed.value;
    issues.push({ field: path, code: parsed.code, ...(parsed.params ? { params: parsed.params } : {}) });
    return null;
  };

  const list = (field: FieldDefinition, value: unknown, path: string): unknown[] => {
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 0 || items.length > MAX_LIST) {
      issues.push({ field: path, code: "too_many", params: { max: MAX_LIST } });
      return [];
    }
    return items.map((item, index) => operand(field, item, `${path}.${index}`));
  };

  const condition = (field: FieldDefinition, operator: string, value: unknown, path: string): Sql | null => {
    const type = fieldTypeOf(field.type);
    const manyToMany = ctx.model.isManyToMany(field);
    const allowed: readonly string[] = manyToMany
      ? ["contains", "in", "nin", "is_empty", "is_not_empty"]
      : fieldOperators(type, field);
    if (!(FILTER_OPERATORS as readonly string[]).includes(operator) || !allowed.includes(operator)) {
      issues.push({ field: path, code: "unknown_operator", params: { operator } });
      return null;
    }
    const op = operator as FilterOperator;
    const onColumn = formulaOnDateColumn(field, op, value, path);
    if (onColumn !== undefined) return onColumn;
    if (op === "is_empty" || op === "is_not_empty") {
      if (typeof value !== "boolean") {
        issues.push({ field: path, code: "invalid_type", params: { expected: "true/false" } });
        return null;
      }
      const empty = emptiness(field, manyToMany);
      return (op === "is_empty") === value ? empty : sql`NOT ${empty}`;
    }
    if (manyToMany) {
      const junction = junctionTable(ctx.schemas, field);
      const ids = list(field, value, path);
      const any = sql`EXISTS (SELECT 1 FROM ${junction} j WHERE j.source_id = ${column("id")} AND j.target_id = ANY(${ids}::uuid[]))`;
      if (op === "in") return any;
      if (op === "nin") return sql`NOT ${any}`;
      return sql`(SELECT count(*) FROM ${junction} j WHERE j.source_id = ${column("id")} AND j.target_id = ANY(${ids}::uuid[])) = ${ids.length}`;
    }
    const col = fieldValue(field);
    if (field.type === "multi_select") {
      const values = list(field, value, path);
      if (op === "contains") return sql`${col} @> ${values}::text[]`;
      if (op === "in") return sql`${col} && ${values}::text[]`;
      return sql`(${col} IS NULL OR NOT (${col} && ${values}::text[]))`;
    }
    switch (op) {
      case "eq":
        return sql`${col} = ${operand(field, value, path)}`;
      case "neq":
        // "Not equal" includes blanks, as people expect from a spreadsheet filter.
        return sql`${col} IS DISTINCT FROM ${operand(field, value, path)}`;
      case "lt":
        return sql`${col} < ${operand(field, value, path)}`;
      case "lte":
        return sql`${col} <= ${operand(field, value, path)}`;
      case "gt":
        return sql`${col} > ${operand(field, value, path)}`;
      case "gte":
        return sql`${col} >= ${operand(field, value, path)}`;
      case "in":
      case "nin": {
        const values = list(field, value, path);
        const match =
          field.type === "address"
            ? sql`(${col} = ANY(${values}::text[]) OR ${column(`${field.apiName}__city`)} = ANY(${values}::text[]) OR ${column(`${field.apiName}__district`)} = ANY(${values}::text[]))`
            : sql`${col} = ANY(${sql.val(values)})`;
        return op === "in" ? match : sql`(${col} IS NULL OR NOT ${match})`;
      }
      case "contains":
      case "starts_with": {
        const text = operand(field, value, path);
        if (typeof text !== "string") return null;
        const pattern = op === "contains" ? `%${escapeLike(text)}%` : `${escapeLike(text)}%`;
        return sql`${col} ILIKE ${pattern}`;
      }
      case "between": {
        if (!Array.isArray(value) || value.length !== 2) {
          issues.push({ field: path, code: "invalid_type", params: { expected: "[from, to]" } });
          return null;
        }
        return sql`${col} BETWEEN ${operand(field, value[0], `${path}.0`)} AND ${operand(field, value[1], `${path}.1`)}`;
      }
      case "within": {
        const relative = typeof value === "string" ? parseRelativeDate(value) : null;
        if (!relative) {
          issues.push({
            field: path,
            code: "invalid_format",
            params: { format: "today, last_7_days, next_30_days, this_month…" },
          });
          return null;
        }
        if (field.type === "date" || field.config.result_type === "date") {
          const range = resolveRelativeDate(relative, ctx.today);
          return sql`(${col} >= ${range.from}::date AND ${col} < ${range.toExclusive}::date)`;
        }
        const range = resolveRelativeInstantRange(relative, ctx.today, ctx.timeZone);
        return sql`(${col} >= ${range.from} AND ${col} < ${range.toExclusive})`;
      }
      default:
        return null;
    }
  };

  /**
   * A formula that is a monotone function of one date column (`DATEDIF(TODAY(), close_date, "day")`) is
   * compared as a range on that column, which its index serves (formula-sql/date-column-plan.ts). Undefined
   * when the formula or the operator has no such plan: then it is compared as its expression.
   */
  const formulaOnDateColumn = (
    field: FieldDefinition,
    op: FilterOperator,
    value: unknown,
    path: string,
  ): Sql | null | undefined => {
    if (field.type !== "formula" || !ctx.formula) return undefined;
    const plan = dateColumnPlanOf(ctx.formula(field));
    if (!plan) return undefined;
    const reported = issues.length;
    const filter = valueFilter(field, op, value, path);
    if (issues.length > reported) return null;
    return (filter && plan.where(filter)) ?? undefined;
  };

  /** The filter's operator and operands as a question about the formula's value (null: not one we plan). */
  const valueFilter = (
    field: FieldDefinition,
    op: FilterOperator,
    value: unknown,
    path: string,
  ): ValueFilter | null => {
    const point = (v: unknown): ValueFilter => ({
      kind: "range",
      lower: { value: v, inclusive: true },
      upper: { value: v, inclusive: true },
    });
    const bound = (inclusive: boolean) => ({ value: operand(field, value, path), inclusive });
    switch (op) {
      case "eq":
        return point(operand(field, value, path));
      case "neq":
        return { kind: "not", filter: point(operand(field, value, path)) };
      case "lt":
        return { kind: "range", upper: bound(false) };
      case "lte":
        return { kind: "range", upper: bound(true) };
      case "gt":
        return { kind: "range", lower: bound(false) };
      case "gte":
        return { kind: "range", lower: bound(true) };
      case "between":
        if (!Array.isArray(value) || value.length !== 2) return null;
        return {
          kind: "range",
          lower: { value: operand(field, value[0], `${path}.0`), inclusive: true },
          upper: { value: operand(field, value[1], `${path}.1`), inclusive: true },
        };
      case "in":
      case "nin": {
        const oneOf: ValueFilter = { kind: "any", filters: list(field, value, path).map(point) };
        return op === "in" ? oneOf : { kind: "not", filter: oneOf };
      }
      case "is_empty":
      case "is_not_empty":
        if (typeof value !== "boolean") return null;
        return (op === "is_empty") === value ? { kind: "empty" } : { kind: "not", filter: { kind: "empty" } };
      case "within": {
        const relative = typeof value === "string" ? parseRelativeDate(value) : null;
        if (!relative || field.config.result_type !== "date") return null;
        const range = resolveRelativeDate(relative, ctx.today);
        return {
          kind: "range",
          lower: { value: range.from, inclusive: true },
          upper: { value: range.toExclusive, inclusive: false },
        };
      }
      default:
        return null;
    }
  };

  const emptiness = (field: FieldDefinition, manyToMany: boolean): Sql => {
    if (manyToMany) {
      return sql`NOT EXISTS (SELECT 1 FROM ${junctionTable(ctx.schemas, field)} j WHERE j.source_id = ${column("id")})`;
    }
    return sql`${fieldValue(field)} IS NULL`;
  };

  // A formula field is its expression in place of a column; operators follow its result type.
  const fieldValue = (field: FieldDefinition): Sql =>
    field.type === "formula" && ctx.formula ? sql`(${ctx.formula(field)})` : column(field.apiName);

  const compiled = filter === undefined || filter === null ? sql`true` : node(filter, "filter", 0);
  if (issues.length) throw new KeduoError("INVALID_FILTER", { issues });
  return compiled;
}
