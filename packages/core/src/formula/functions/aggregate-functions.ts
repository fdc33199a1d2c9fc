import { sql } from "kysely";
import { compareValues } from "../compare-values.ts";
import { divide, toDecimal } from "../decimal-math.ts";
import { isTextualType } from "../formula-types.ts";
import { divideSql } from "../sql-helpers.ts";
import type { FormulaValue } from "../values.ts";
import { asNumber } from "./argument-values.ts";
import type { AggregateFunction } from "./function.ts";

function total(values: readonly FormulaValue[]) {
  return values.reduce(
    (sum: ReturnType<typeof toDecimal>, value) => sum.plus(asNumber(value)!),
    toDecimal(0),
  );
}

export const SUM: AggregateFunction = {
  name: "SUM",
  syntax: "SUM(list.field, [condition])",
  description: {
    "zh-CN": "关联列表中字段值的合计（可加条件）；没有记录时为 0",
    en: "The total of a field over a related list (optionally filtered); 0 when there are no records",
  },
  valueGroup: "numeric",
  resultType: (type) => (type === null || type === "null" ? "number" : type),
  evaluate: total,
  toSql: (value) => sql`COALESCE(sum(${value}), 0)`,
};

export const COUNT: AggregateFunction = {
  name: "COUNT",
  syntax: "COUNT(list, [condition]) · COUNT(list.field, [condition])",
  description: {
    "zh-CN": "关联列表中的记录数（可加条件）；给出字段时只数该字段不为空的记录",
    en: "The number of records of a related list (optionally filtered); with a field, only those where it is not BLANK",
  },
  valueGroup: null,
  resultType: () => "number",
  evaluate: (values) => toDecimal(values.length),
  toSql: (value) => (value ? sql`count(${value})::numeric` : sql`count(*)::numeric`),
};

export const AVG: AggregateFunction = {
  name: "AVG",
  syntax: "AVG(list.field, [condition])",
  description: {
    "zh-CN": "关联列表中字段值的平均数（忽略空值，保留 10 位小数）；没有值时为空",
    en: "The average of a field over a related list (BLANKs ignored, 10 decimal places); BLANK when there is no value",
  },
  valueGroup: "numeric",
  resultType: (type) => (type === null || type === "null" ? "number" : type),
  evaluate: (values) => (values.length === 0 ? null : divide(total(values), toDecimal(values.length))),
  toSql: (value) => divideSql(sql`sum(${value})`, sql`count(${value})`),
};

function extreme(name: "MIN" | "MAX"): AggregateFunction {
  const direction = name === "MIN" ? -1 : 1;
  return {
    name,
    syntax: `${name}(list.field, [condition])`,
    description:
      name === "MIN"
        ? { "zh-CN": "关联列表中字段的最小值", en: "The smallest value of a field over a related list" }
        : { "zh-CN": "关联列表中字段的最大值", en: "The largest value of a field over a related list" },
    valueGroup: "orderable",
    resultType: (type) => (type === null || type === "null" ? "number" : type),
    evaluate(values) {
      let best: FormulaValue = null;
      for (const value of values)
        if (best === null || compareValues(value, best) * direction > 0) best = value;
      return best;
    },
    toSql(value, aggregate) {
      const textual = aggregate.value !== null && isTextualType(aggregate.value.type);
      const operand = textual ? sql`(${value}) COLLATE "C"` : value;
      return name === "MIN" ? sql`min(${operand})` : sql`max(${operand})`;
    },
  };
}

export const MIN_AGGREGATE = extreme("MIN");
export const MAX_AGGREGATE = extreme("MAX");

export const AGGREGATE_FUNCTIONS: readonly AggregateFunction[] = [
  SUM,
  COUNT,
  AVG,
  MIN_AGGREGATE,
  MAX_AGGREGATE,
];
