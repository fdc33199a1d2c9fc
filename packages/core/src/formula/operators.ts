import { sql } from "kysely";
import { compareValues, valuesEqual } from "./compare-values.ts";
import { addDaysToDate, DATE_AMOUNT_BOUND, dayNumber, FIRST_DAY, LAST_DAY } from "./date-math.ts";
import { divide, toDecimal, wholeNumber } from "./decimal-math.ts";
import { isTextualType } from "./formula-types.ts";
import { asBoolean, asDate, asNumber, asText, textResult } from "./functions/argument-values.ts";
import type { SqlBuilder } from "./functions/function.ts";
import { blankIfEmpty, divideSql, type Sql, textOrEmpty, truthy, wholeSql } from "./sql-helpers.ts";
import type { TypedBinaryOperator, TypedExpression } from "./typed-ast.ts";
import type { FormulaValue } from "./values.ts";

const B = DATE_AMOUNT_BOUND;

function numbers(a: FormulaValue, b: FormulaValue) {
  const x = asNumber(a);
  const y = asNumber(b);
  return x === null || y === null ? null : ([x, y] as const);
}

function ordered(a: FormulaValue, b: FormulaValue, test: (order: number) => boolean): boolean {
  return a !== null && b !== null && test(compareValues(a, b));
}

function shiftDate(date: FormulaValue, days: FormulaValue, sign: 1 | -1): FormulaValue {
  const d = asDate(date);
  const n = asNumber(days);
  return d === null || n === null ? null : addDaysToDate(d, sign * wholeNumber(n, -B, B));
}

/** Binary operators in the evaluator; BLANK rules as in README.md ("BLANK"). */
export function evaluateBinary(
  operator: TypedBinaryOperator,
  a: FormulaValue,
  b: FormulaValue,
): FormulaValue {
  switch (operator) {
    case "add":
      return numbers(a, b)?.reduce((x, y) => x.plus(y)) ?? null;
    case "subtract":
      return numbers(a, b)?.reduce((x, y) => x.minus(y)) ?? null;
    case "multiply":
      return numbers(a, b)?.reduce((x, y) => x.times(y)) ?? null;
    case "divide": {
      const pair = numbers(a, b);
      return pair && divide(pair[0], pair[1]);
    }
    case "concat":
      return textResult(asText(a) + asText(b));
    case "eq":
      return valuesEqual(a, b);
    case "ne":
      return !valuesEqual(a, b);
    case "lt":
      return ordered(a, b, (o) => o < 0);
    case "le":
      return ordered(a, b, (o) => o <= 0);
    case "gt":
      return ordered(a, b, (o) => o > 0);
    case "ge":
      return ordered(a, b, (o) => o >= 0);
    case "and":
      return asBoolean(a) && asBoolean(b);
    case "or":
      return asBoolean(a) || asBoolean(b);
    case "add_days":
      return shiftDate(a, b, 1);
    case "subtract_days":
      return shiftDate(a, b, -1);
    case "days_between": {
      const x = asDate(a);
      const y = asDate(b);
      return x === null || y === null ? null : toDecimal(dayNumber(x) - dayNumber(y));
    }
  }
}

/** BLANK-safe condition: skips COALESCE where the operand can never be BLANK. */
export function conditionSql(node: TypedExpression, compiled: Sql): Sql {
  const neverBlank =
    (node.kind === "literal" && node.value !== null) ||
    (node.kind === "binary" && node.type === "boolean") ||
    (node.kind === "unary" && node.operator === "not") ||
    (node.kind === "call" && node.fn.neverBlank === true);
  return neverBlank ? compiled : truthy(compiled);
}

function compare(left: TypedExpression, a: Sql, b: Sql, operator: Sql): Sql {
  // Text orders by code point everywhere: the "C" collation, whatever the database's default.
  const l = isTextualType(left.type) ? sql`(${a}) COLLATE "C"` : a;
  return sql`COALESCE(${l} ${operator} ${b}, false)`;
}

function shiftDateSql(d: Sql, n: Sql, sign: 1 | -1, builder: SqlBuilder): Sql {
  return builder.reuse([d, n], ([date, amount]) => {
    const k = sign === 1 ? wholeSql(amount!, -B, B) : sql`(- ${wholeSql(amount!, -B, B)})`;
    return sql`CASE WHEN (${date} - DATE '0001-01-01') + ${k} BETWEEN 0 AND ${sql.lit(LAST_DAY - FIRST_DAY)} THEN ${date} + ${k} END`;
  });
}

/** Binary operators in SQL, with the same BLANK rules as evaluateBinary. */
export function binarySql(
  node: Extract<TypedExpression, { kind: "binary" }>,
  a: Sql,
  b: Sql,
  builder: SqlBuilder,
): Sql {
  switch (node.operator) {
    case "add":
      return sql`(${a} + ${b})`;
    case "subtract":
      return sql`(${a} - ${b})`;
    case "multiply":
      return sql`(${a} * ${b})`;
    case "divide":
      return divideSql(a, b);
    case "concat":
      return blankIfEmpty(sql`(${textOrEmpty(a)} || ${textOrEmpty(b)})`);
    case "eq":
      return sql`(${a} IS NOT DISTINCT FROM ${b})`;
    case "ne":
      return sql`(${a} IS DISTINCT FROM ${b})`;
    case "lt":
      return compare(node.left, a, b, sql`<`);
    case "le":
      return compare(node.left, a, b, sql`<=`);
    case "gt":
      return compare(node.left, a, b, sql`>`);
    case "ge":
      return compare(node.left, a, b, sql`>=`);
    case "and":
      return sql`(${conditionSql(node.left, a)} AND ${conditionSql(node.right, b)})`;
    case "or":
      return sql`(${conditionSql(node.left, a)} OR ${conditionSql(node.right, b)})`;
    case "add_days":
      return shiftDateSql(a, b, 1, builder);
    case "subtract_days":
      return shiftDateSql(a, b, -1, builder);
    case "days_between":
      return sql`(${a} - ${b})::numeric`;
  }
}
