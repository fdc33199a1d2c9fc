import { sql } from "kysely";
import { valuesEqual } from "../compare-values.ts";
import { FORMULA_LIMITS } from "../limits.ts";
import { type Sql, truthy } from "../sql-helpers.ts";
import { asBoolean } from "./argument-values.ts";
import { defineFunction, type FunctionCheck } from "./function.ts";

const MAX = FORMULA_LIMITS.maxArguments;
const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.max(0, Math.ceil((to - from) / step)) }, (_, i) => from + i * step);

function expectAll(c: FunctionCheck, indexes: readonly number[], group: "boolean") {
  for (const index of indexes) c.expect(index, group);
}

export const IF = defineFunction({
  name: "IF",
  category: "logic",
  syntax: "IF(condition, then, [else])",
  description: {
    "zh-CN": "条件为真时取 then，否则取 else（省略时为空）",
    en: "then when the condition is true, otherwise else (BLANK when left out)",
  },
  minArgs: 2,
  maxArgs: 3,
  check(c) {
    c.expect(0, "boolean");
    return c.common(range(1, c.args.length));
  },
  evaluate: ([condition, then, otherwise]) =>
    asBoolean(condition ?? null) ? (then ?? null) : (otherwise ?? null),
  toSql: ([condition, then, otherwise]) =>
    sql`CASE WHEN ${condition} THEN ${then} ELSE ${otherwise ?? sql`NULL`} END`,
});

export const IFS = defineFunction({
  name: "IFS",
  category: "logic",
  syntax: "IFS(condition1, value1, [condition2, value2, …])",
  description: {
    "zh-CN": "取第一个为真的条件对应的值；都不为真时为空",
    en: "The value of the first true condition; BLANK when none is true",
  },
  minArgs: 2,
  maxArgs: MAX,
  check(c) {
    if (c.args.length % 2 !== 0) c.report("pairs_required", c.span, { name: "IFS" });
    expectAll(c, range(0, c.args.length, 2), "boolean");
    return c.common(range(1, c.args.length, 2));
  },
  evaluate(args) {
    for (let i = 0; i + 1 < args.length; i += 2) if (asBoolean(args[i]!)) return args[i + 1]!;
    return null;
  },
  toSql(args) {
    const arms: Sql[] = [];
    for (let i = 0; i + 1 < args.length; i += 2) arms.push(sql`WHEN ${args[i]} THEN ${args[i + 1]}`);
    return sql`CASE ${sql.join(arms, sql` `)} END`;
  },
});

export const SWITCH = defineFunction({
  name: "SWITCH",
  category: "logic",
  syntax: "SWITCH(value, case1, result1, [case2, result2, …], [default])",
  description: {
    "zh-CN": "取第一个与 value 相等（= 的含义）的 case 对应的结果，否则取 default",
    en: "The result of the first case equal to value (as =), otherwise default",
  },
  minArgs: 3,
  maxArgs: MAX,
  check(c) {
    c.expect(0, "scalar");
    for (let i = 1; i + 1 < c.args.length; i += 2) {
      c.common([0, i]);
      c.option(0, i);
    }
    const results = range(2, c.args.length, 2);
    if (c.args.length % 2 === 0) results.push(c.args.length - 1);
    return c.common(results);
  },
  evaluate(args) {
    const subject = args[0] ?? null;
    let i = 1;
    for (; i + 1 < args.length; i += 2) if (valuesEqual(subject, args[i]!)) return args[i + 1]!;
    return i < args.length ? args[i]! : null;
  },
  toSql: (args, _call, builder) =>
    builder.reuse([args[0]!], ([subject]) => {
      const arms: Sql[] = [];
      let i = 1;
      for (; i + 1 < args.length; i += 2) {
        arms.push(sql`WHEN ${subject} IS NOT DISTINCT FROM ${args[i]} THEN ${args[i + 1]}`);
      }
      return sql`CASE ${sql.join(arms, sql` `)} ELSE ${i < args.length ? args[i] : sql`NULL`} END`;
    }),
});

export const AND = defineFunction({
  name: "AND",
  category: "logic",
  syntax: "AND(condition1, [condition2, …])",
  description: {
    "zh-CN": "所有条件都为真时为真（空视为假）",
    en: "True when every condition is true (BLANK counts as false)",
  },
  minArgs: 1,
  maxArgs: MAX,
  neverBlank: true,
  check(c) {
    expectAll(c, range(0, c.args.length), "boolean");
    return "boolean";
  },
  evaluate: (args) => args.every(asBoolean),
  toSql: (args) => sql`(${sql.join(args.map(truthy), sql` AND `)})`,
});

export const OR = defineFunction({
  name: "OR",
  category: "logic",
  syntax: "OR(condition1, [condition2, …])",
  description: {
    "zh-CN": "任一条件为真时为真（空视为假）",
    en: "True when any condition is true (BLANK counts as false)",
  },
  minArgs: 1,
  maxArgs: MAX,
  neverBlank: true,
  check(c) {
    expectAll(c, range(0, c.args.length), "boolean");
    return "boolean";
  },
  evaluate: (args) => args.some(asBoolean),
  toSql: (args) => sql`(${sql.join(args.map(truthy), sql` OR `)})`,
});

export const NOT = defineFunction({
  name: "NOT",
  category: "logic",
  syntax: "NOT(condition)",
  description: { "zh-CN": "条件为假或为空时为真", en: "True when the condition is false or BLANK" },
  minArgs: 1,
  maxArgs: 1,
  neverBlank: true,
  check(c) {
    c.expect(0, "boolean");
    return "boolean";
  },
  evaluate: ([value]) => !asBoolean(value ?? null),
  toSql: ([value]) => sql`(NOT ${truthy(value!)})`,
});

export const ISBLANK = defineFunction({
  name: "ISBLANK",
  category: "logic",
  syntax: "ISBLANK(value)",
  description: {
    "zh-CN": "值为空时为真（空文本也是空）",
    en: "True when the value is BLANK (empty text is BLANK)",
  },
  minArgs: 1,
  maxArgs: 1,
  neverBlank: true,
  check: () => "boolean",
  evaluate: ([value]) => value === null || value === undefined,
  toSql: ([value]) => sql`(${value} IS NULL)`,
});

export const BLANKVALUE = defineFunction({
  name: "BLANKVALUE",
  category: "logic",
  syntax: "BLANKVALUE(value, substitute)",
  description: {
    "zh-CN": "值为空时取 substitute，否则取值本身",
    en: "substitute when the value is BLANK, otherwise the value",
  },
  minArgs: 2,
  maxArgs: 2,
  check: (c) => c.common([0, 1]),
  evaluate: ([value, substitute]) => value ?? substitute ?? null,
  toSql: ([value, substitute]) => sql`COALESCE(${value}, ${substitute})`,
});

export const LOGIC_FUNCTIONS = [IF, IFS, SWITCH, AND, OR, NOT, ISBLANK, BLANKVALUE];
