import {
  type CheckedCondition,
  type CheckedFilter,
  type FieldDefinition,
  resolveRelativeDate,
  resolveRelativeInstantRange,
  storesWholeNumbers,
} from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { dateColumnPlanOf } from "../formula-sql/index.ts";
import { junctionTable } from "../schema-sync/index.ts";
import { formulaValueFilter } from "./formula-date-filter.ts";
import { teamConditionSql, withReader } from "./reader-tokens.ts";

type Sql = RawBuilder<unknown>;

/** Where a filter runs: the row it tests and one clock reading. */
export interface FilterSqlScope {
  schemas: Schemas;
  /** Table alias of the object in the query. */
  alias: string;
  /** Org-time-zone calendar date and zone, from the server clock: relative dates mean the same on every engine. */
  today: string;
  timeZone: string;
  /** The SQL of formula fields on `alias`; a checked filter names formula fields only when this is given. */
  formula?: (field: FieldDefinition) => Sql;
  /** Who `$me` and `$my_team` are in conditions on user fields: the reader (none: they match no one). */
  currentUserId?: string | null;
}

// Constants of this file, never input: the only text spliced into the SQL.
const COMPARISON = { eq: "=", neq: "IS DISTINCT FROM", lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;

/** `%`, `_` and `\` in user text are literal in contains / starts_with. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const isJunction = (field: FieldDefinition) =>
  field.type === "relation" && field.config.relation?.cardinality === "many_to_many";

const BIGINT_SAFE = /^-?\d{1,18}$/;

/**
 * A whole-number field's column is bigint: an operand with decimals ("gt 2.5") or beyond bigint would fail
 * as a bigint parameter, so those compare as numeric (correct, no index); whole operands stay untyped and
 * PostgreSQL reads them as bigint, which the column's index serves.
 */
function numericOperands(field: FieldDefinition, operands: readonly unknown[]): boolean {
  return (
    storesWholeNumbers(field) &&
    operands.some((operand) => typeof operand === "string" && !BIGINT_SAFE.test(operand))
  );
}

/**
 * The one SQL compiler of filters: a visitor over a checked filter (packages/core/src/filter) that builds
 * one predicate on the row `scope.alias`. Identifiers come from field definitions through `sql.id`; every
 * operand is a bind parameter, so PostgreSQL evaluates the filter and user text never reaches SQL text.
 * @example filterToSql(checked, { schemas, alias: "t", today: "2026-03-15", timeZone: "Asia/Shanghai" })
 */
export function filterToSql(filter: CheckedFilter, scope: FilterSqlScope): Sql {
  switch (filter.kind) {
    case "and":
    case "or": {
      if (filter.nodes.length === 0) return filter.kind === "and" ? sql`true` : sql`false`;
      const parts = filter.nodes.map((node) => filterToSql(node, scope));
      return sql`(${sql.join(parts, filter.kind === "and" ? sql` AND ` : sql` OR `)})`;
    }
    case "not":
      return sql`NOT (${filterToSql(filter.node, scope)})`;
    default:
      return formulaOnDateColumn(filter, scope) ?? conditionSql(filter, scope);
  }
}

function conditionSql(checked: CheckedCondition, scope: FilterSqlScope): Sql {
  const condition = withReader(checked, scope);
  const { field } = condition;
  const column = (name: string) => sql.id(scope.alias, name);
  // A formula field is its expression in place of a column; its operators follow its result type.
  const value =
    field.type === "formula" && scope.formula ? sql`(${scope.formula(field)})` : column(field.apiName);
  const team = teamConditionSql(condition, scope, value);
  if (team) return team;
  const related = (ids: readonly unknown[]) =>
    sql`FROM ${junctionTable(scope.schemas, field)} j WHERE j.source_id = ${column("id")} AND j.target_id = ANY(${ids}::uuid[])`;
  switch (condition.kind) {
    case "compare": {
      const operand = numericOperands(field, [condition.value])
        ? sql`${condition.value}::numeric`
        : sql`${condition.value}`;
      return sql`${value} ${sql.raw(COMPARISON[condition.operator])} ${operand}`;
    }
    case "between":
      if (numericOperands(field, [condition.from, condition.to]))
        return sql`${value} BETWEEN ${condition.from}::numeric AND ${condition.to}::numeric`;
      return sql`${value} BETWEEN ${condition.from} AND ${condition.to}`;
    case "text": {
      const text = escapeLike(condition.text);
      return sql`${value} ILIKE ${condition.match === "contains" ? `%${text}%` : `${text}%`}`;
    }
    case "empty": {
      const empty = isJunction(field)
        ? sql`NOT EXISTS (SELECT 1 FROM ${junctionTable(scope.schemas, field)} j WHERE j.source_id = ${column("id")})`
        : sql`${value} IS NULL`;
      return condition.empty ? empty : sql`NOT ${empty}`;
    }
    case "contains_all":
      if (isJunction(field))
        return sql`(SELECT count(*) ${related(condition.values)}) = ${condition.values.length}`;
      return sql`${value} @> ${condition.values}::text[]`;
    case "in": {
      const { values, negated } = condition;
      if (isJunction(field)) {
        const holdsOne = sql`EXISTS (SELECT 1 ${related(values)})`;
        return negated ? sql`NOT ${holdsOne}` : holdsOne;
      }
      if (field.type === "multi_select") {
        const overlaps = sql`${value} && ${values}::text[]`;
        return negated ? sql`(${value} IS NULL OR NOT (${overlaps}))` : overlaps;
      }
      // An address matches a division code at any level.
      const match =
        field.type === "address"
          ? sql`(${value} = ANY(${values}::text[]) OR ${column(`${field.apiName}__city`)} = ANY(${values}::text[]) OR ${column(`${field.apiName}__district`)} = ANY(${values}::text[]))`
          : numericOperands(field, values)
            ? sql`${value} = ANY(${sql.val(values)}::numeric[])`
            : sql`${value} = ANY(${sql.val(values)})`;
      return negated ? sql`(${value} IS NULL OR NOT ${match})` : match;
    }
    case "within": {
      if (field.type === "date" || field.config.result_type === "date") {
        const range = resolveRelativeDate(condition.period, scope.today);
        return sql`(${value} >= ${range.from}::date AND ${value} < ${range.toExclusive}::date)`;
      }
      const range = resolveRelativeInstantRange(condition.period, scope.today, scope.timeZone);
      return sql`(${value} >= ${range.from} AND ${value} < ${range.toExclusive})`;
    }
  }
}

/**
 * A formula that is a monotone function of one date column (`DATEDIF(TODAY(), close_date, "day")`) is
 * compared as a range on that column, which its index serves (formula-sql/date-column-plan.ts). Null when
 * the formula or the condition has no such plan: then it is compared as its expression.
 */
function formulaOnDateColumn(condition: CheckedCondition, scope: FilterSqlScope): Sql | null {
  if (condition.field.type !== "formula" || !scope.formula) return null;
  const plan = dateColumnPlanOf(scope.formula(condition.field));
  const question = plan && formulaValueFilter(condition, scope.today);
  return (question && plan.where(question)) ?? null;
}
