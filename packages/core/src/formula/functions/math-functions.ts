import type { Decimal } from "decimal.js";
import { sql } from "kysely";
import { compareValues } from "../compare-values.ts";
import {
  MAX_POWER_EXPONENT,
  POWER_BOUND,
  POWER_RESULT_BOUND,
  power,
  remainder,
  roundHalfAway,
  squareRoot,
  wholeNumber,
} from "../decimal-math.ts";
import { isTextualType } from "../formula-types.ts";
import { DIVISION_SCALE, FORMULA_LIMITS } from "../limits.ts";
import { type Sql, wholeSql } from "../sql-helpers.ts";
import type { TypedCall } from "../typed-ast.ts";
import type { FormulaValue } from "../values.ts";
import { asNumber } from "./argument-values.ts";
import { defineFunction, type FunctionCheck } from "./function.ts";

/** ROUND's digits are clamped to this range (a literal has at most 30 digits). */
const MAX_ROUND_DIGITS = 30;

function numericLike(c: FunctionCheck) {
  c.expect(0, "numeric");
  return c.args[0]!.type;
}

function unaryNumber(fn: (x: Decimal) => Decimal | null) {
  return ([value]: readonly FormulaValue[]) => {
    const x = asNumber(value ?? null);
    return x === null ? null : fn(x);
  };
}

export const ABS = defineFunction({
  name: "ABS",
  category: "math",
  syntax: "ABS(number)",
  description: { "zh-CN": "绝对值", en: "Absolute value" },
  minArgs: 1,
  maxArgs: 1,
  check: numericLike,
  evaluate: unaryNumber((x) => x.abs()),
  toSql: ([x]) => sql`abs(${x})`,
});

export const ROUND = defineFunction({
  name: "ROUND",
  category: "math",
  syntax: "ROUND(number, [digits])",
  description: {
    "zh-CN": "四舍五入到 digits 位小数（.5 远离零；digits 可为负）",
    en: "Rounds to digits decimal places (.5 away from zero; digits may be negative)",
  },
  minArgs: 1,
  maxArgs: 2,
  check(c) {
    if (c.args.length > 1) c.expect(1, "numeric");
    return numericLike(c);
  },
  evaluate([value, digits]) {
    const x = asNumber(value ?? null);
    const d = digits === undefined ? null : asNumber(digits);
    if (x === null || (digits !== undefined && d === null)) return null;
    return roundHalfAway(x, d === null ? 0 : wholeNumber(d, -MAX_ROUND_DIGITS, MAX_ROUND_DIGITS));
  },
  toSql: ([x, digits], _call, builder) =>
    digits === undefined
      ? sql`round(${x}, 0)`
      : builder.reuse(
          [digits],
          ([d]) => sql`round(${x}, ${wholeSql(d!, -MAX_ROUND_DIGITS, MAX_ROUND_DIGITS)})`,
        ),
});

export const FLOOR = defineFunction({
  name: "FLOOR",
  category: "math",
  syntax: "FLOOR(number)",
  description: { "zh-CN": "不大于该数的最大整数", en: "The largest whole number not above the number" },
  minArgs: 1,
  maxArgs: 1,
  check: numericLike,
  evaluate: unaryNumber((x) => x.floor()),
  toSql: ([x]) => sql`floor(${x})`,
});

export const CEILING = defineFunction({
  name: "CEILING",
  category: "math",
  syntax: "CEILING(number)",
  description: { "zh-CN": "不小于该数的最小整数", en: "The smallest whole number not below the number" },
  minArgs: 1,
  maxArgs: 1,
  check: numericLike,
  evaluate: unaryNumber((x) => x.ceil()),
  toSql: ([x]) => sql`ceil(${x})`,
});

function extreme(direction: 1 | -1) {
  return (args: readonly FormulaValue[]): FormulaValue => {
    let best: FormulaValue = null;
    for (const value of args) {
      if (value !== null && (best === null || compareValues(value, best) * direction > 0)) best = value;
    }
    return best;
  };
}

function extremeSql(fn: "LEAST" | "GREATEST") {
  return (args: readonly Sql[], call: TypedCall) => {
    // Text orders by code point on every server: the "C" collation.
    const textual = call.args.some((arg) => isTextualType(arg.type));
    const items = textual ? args.map((arg) => sql`(${arg}) COLLATE "C"`) : args;
    return fn === "LEAST" ? sql`LEAST(${sql.join(items)})` : sql`GREATEST(${sql.join(items)})`;
  };
}

function checkExtreme(c: FunctionCheck) {
  const all = c.args.map((_, i) => i);
  for (const i of all) c.expect(i, "orderable");
  return c.common(all);
}

export const MIN = defineFunction({
  name: "MIN",
  category: "math",
  syntax: "MIN(value1, [value2, …]) · MIN(list.field, [condition])",
  description: {
    "zh-CN": "最小值，忽略空值；参数为关联列表的字段时是汇总",
    en: "The smallest value, ignoring BLANKs; over a related list it aggregates",
  },
  minArgs: 1,
  maxArgs: FORMULA_LIMITS.maxArguments,
  check: checkExtreme,
  evaluate: extreme(-1),
  toSql: extremeSql("LEAST"),
});

export const MAX = defineFunction({
  name: "MAX",
  category: "math",
  syntax: "MAX(value1, [value2, …]) · MAX(list.field, [condition])",
  description: {
    "zh-CN": "最大值，忽略空值；参数为关联列表的字段时是汇总",
    en: "The largest value, ignoring BLANKs; over a related list it aggregates",
  },
  minArgs: 1,
  maxArgs: FORMULA_LIMITS.maxArguments,
  check: checkExtreme,
  evaluate: extreme(1),
  toSql: extremeSql("GREATEST"),
});

export const MOD = defineFunction({
  name: "MOD",
  category: "math",
  syntax: "MOD(number, divisor)",
  description: {
    "zh-CN": "余数，符号与被除数相同；除数为 0 时为空",
    en: "The remainder, with the sign of the number; BLANK when the divisor is 0",
  },
  minArgs: 2,
  maxArgs: 2,
  check(c) {
    c.expect(1, "numeric");
    return numericLike(c);
  },
  evaluate([a, b]) {
    const x = asNumber(a ?? null);
    const y = asNumber(b ?? null);
    return x === null || y === null ? null : remainder(x, y);
  },
  toSql: ([a, b]) => sql`mod(${a}, NULLIF(${b}, 0))`,
});

const SCALE_UP = sql.lit(10 ** DIVISION_SCALE);
const SCALE_DOWN = sql.lit(10 ** -DIVISION_SCALE);

export const POWER = defineFunction({
  name: "POWER",
  category: "math",
  syntax: "POWER(number, exponent)",
  description: {
    "zh-CN": `乘方；指数须为 −${MAX_POWER_EXPONENT} 到 ${MAX_POWER_EXPONENT} 的整数，结果保留 ${DIVISION_SCALE} 位小数`,
    en: `number to a whole exponent between −${MAX_POWER_EXPONENT} and ${MAX_POWER_EXPONENT}, cut to ${DIVISION_SCALE} decimal places`,
  },
  minArgs: 2,
  maxArgs: 2,
  check(c) {
    c.expect(0, "numeric");
    c.expect(1, "numeric");
    return "number";
  },
  evaluate([a, b]) {
    const x = asNumber(a ?? null);
    const n = asNumber(b ?? null);
    return x === null || n === null ? null : power(x, n);
  },
  toSql: ([base, exponent], _call, builder) =>
    builder.reuse([base!, exponent!], ([x, n]) => {
      // Exact integer arithmetic on the base scaled to a whole number (see decimal-math.ts power).
      const mantissa = sql`trunc((${x}) * ${SCALE_UP})`;
      const positive = sql`(div(power(${mantissa}, ${n}) * ${SCALE_UP}, power(${SCALE_UP}::numeric, ${n})) * ${SCALE_DOWN})`;
      const negative = sql`(div(power(${SCALE_UP}::numeric, -(${n})) * ${SCALE_UP}, NULLIF(power(${mantissa}, -(${n})), 0)) * ${SCALE_DOWN})`;
      const computed = sql`CASE WHEN ${n} >= 0 THEN ${positive} ELSE ${negative} END`;
      const guarded = builder.reuse(
        [computed],
        ([r]) => sql`CASE WHEN abs(${r}) < ${sql.lit(POWER_RESULT_BOUND.toNumber())} THEN ${r} END`,
      );
      return sql`CASE WHEN ${n} = trunc(${n}) AND abs(${n}) <= ${sql.lit(MAX_POWER_EXPONENT)} AND abs(${x}) < ${sql.lit(POWER_BOUND.toNumber())} THEN ${guarded} END`;
    }),
});

export const SQRT = defineFunction({
  name: "SQRT",
  category: "math",
  syntax: "SQRT(number)",
  description: {
    "zh-CN": `平方根，保留 ${DIVISION_SCALE} 位小数（截断）；负数为空`,
    en: `Square root cut to ${DIVISION_SCALE} decimal places; BLANK for a negative number`,
  },
  minArgs: 1,
  maxArgs: 1,
  check(c) {
    c.expect(0, "numeric");
    return "number";
  },
  evaluate: unaryNumber(squareRoot),
  toSql: ([value], _call, builder) =>
    builder.reuse([value!], ([x]) => {
      // The integer square root of x·10²⁰: PostgreSQL's sqrt lands within one of it; one step corrects.
      const scaled = sql`trunc((${x}) * ${sql.lit(10 ** (2 * DIVISION_SCALE))})`;
      const root = builder.reuse([scaled], ([n]) =>
        builder.reuse(
          [sql`floor(sqrt(${n}))`],
          ([r]) =>
            sql`CASE WHEN ${r} * ${r} > ${n} THEN ${r} - 1 WHEN (${r} + 1) * (${r} + 1) <= ${n} THEN ${r} + 1 ELSE ${r} END`,
        ),
      );
      return sql`CASE WHEN ${x} >= 0 THEN ${root} * ${SCALE_DOWN} END`;
    }),
});

export const MATH_FUNCTIONS = [ABS, ROUND, FLOOR, CEILING, MIN, MAX, MOD, POWER, SQRT];
