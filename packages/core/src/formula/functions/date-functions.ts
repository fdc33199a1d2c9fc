import { sql } from "kysely";
import {
  DATE_AMOUNT_BOUND,
  endOfMonth,
  FIRST_MONTH_INDEX,
  isoWeekday,
  LAST_MONTH_INDEX,
  makeDate,
  nextAnniversary,
  parseCivil,
} from "../date-math.ts";
import { toDecimal, wholeNumber } from "../decimal-math.ts";
import { inZone, type Sql, wholeSql } from "../sql-helpers.ts";
import type { TypedCall } from "../typed-ast.ts";
import type { FormulaValue } from "../values.ts";
import { asDate, asDatetime, asNumber } from "./argument-values.ts";
import { defineFunction } from "./function.ts";
import { datetimeDate } from "./zoned-parts.ts";

const B = DATE_AMOUNT_BOUND;

function dateParts(value: FormulaValue, call: TypedCall, timeZone: string) {
  if (value === null) return null;
  if (call.args[0]!.type === "datetime") return datetimeDate(asDatetime(value)!, timeZone);
  const civil = parseCivil(asDate(value)!)!;
  return { ...civil, weekday: isoWeekday(asDate(value)!) };
}

type Part = "year" | "month" | "day" | "weekday";

const EXTRACT: Record<Part, (x: Sql) => Sql> = {
  year: (x) => sql`extract(year from ${x})`,
  month: (x) => sql`extract(month from ${x})`,
  day: (x) => sql`extract(day from ${x})`,
  weekday: (x) => sql`extract(isodow from ${x})`,
};

function partFunction(name: string, part: Part, label: [string, string]) {
  return defineFunction({
    name,
    category: "date",
    syntax: `${name}(date)`,
    description: { "zh-CN": label[0], en: label[1] },
    minArgs: 1,
    maxArgs: 1,
    check(c) {
      c.expect(0, "temporal");
      return "number";
    },
    evaluate([value], call, context) {
      const parts = dateParts(value ?? null, call, context.timeZone);
      return parts === null ? null : toDecimal(parts[part]);
    },
    toSql([value], call, builder) {
      const x = call.args[0]!.type === "datetime" ? inZone(value!, builder.context.timeZone) : value!;
      return EXTRACT[part](x);
    },
  });
}

export const YEAR = partFunction("YEAR", "year", [
  "年份（日期时间按组织时区）",
  "The year (a date-time in the org time zone)",
]);
export const MONTH = partFunction("MONTH", "month", ["月份 1–12", "The month, 1–12"]);
export const DAY = partFunction("DAY", "day", ["月中的第几天", "The day of the month"]);
export const WEEKDAY = partFunction("WEEKDAY", "weekday", [
  "星期几：1 = 星期一 … 7 = 星期日",
  "The weekday: 1 = Monday … 7 = Sunday",
]);

export const TODAY = defineFunction({
  name: "TODAY",
  category: "date",
  syntax: "TODAY()",
  description: { "zh-CN": "今天（组织时区）", en: "Today, in the org time zone" },
  minArgs: 0,
  maxArgs: 0,
  neverBlank: true,
  timeDependent: true,
  check: () => "date",
  evaluate: (_args, _call, context) => context.today,
  toSql: (_args, _call, builder) => sql`${builder.context.today}::date`,
});

export const NOW = defineFunction({
  name: "NOW",
  category: "date",
  syntax: "NOW()",
  description: { "zh-CN": "当前时刻", en: "The current instant" },
  minArgs: 0,
  maxArgs: 0,
  neverBlank: true,
  timeDependent: true,
  check: () => "datetime",
  evaluate: (_args, _call, context) => new Date(context.now.getTime()),
  toSql: (_args, _call, builder) => sql`${builder.context.now.toISOString()}::timestamptz`,
});

export const DATE = defineFunction({
  name: "DATE",
  category: "date",
  syntax: "DATE(year, month, day)",
  description: {
    "zh-CN": "由年、月、日组成的日期；不存在的日期（如 2 月 30 日）为空",
    en: "The date of year, month and day; BLANK for a date that does not exist (such as 30 February)",
  },
  minArgs: 3,
  maxArgs: 3,
  check(c) {
    for (const i of [0, 1, 2]) c.expect(i, "numeric");
    return "date";
  },
  evaluate(args) {
    const [y, m, d] = args.map((arg) => asNumber(arg));
    if (y === null || y === undefined || m === null || m === undefined || d === null || d === undefined) {
      return null;
    }
    return makeDate(wholeNumber(y, -B, B), wholeNumber(m, -B, B), wholeNumber(d, -B, B));
  },
  toSql: (args, _call, builder) =>
    builder.reuse(args, ([y, m, d]) => {
      const year = wholeSql(y!, 1, 9999);
      const month = wholeSql(m!, 1, 12);
      const day = wholeSql(d!, 1, 31);
      const monthLength = sql`extract(day from (make_date(${year}, ${month}, 1) + interval '1 month - 1 day'))`;
      // Nested CASE: the inner make_date runs only once the outer checks passed (AND has no order).
      return sql`CASE WHEN trunc(${y}) BETWEEN 1 AND 9999 AND trunc(${m}) BETWEEN 1 AND 12 AND trunc(${d}) >= 1 THEN CASE WHEN trunc(${d}) <= ${monthLength} THEN make_date(${year}, ${month}, ${day}) END END`;
    }),
});

export const EOMONTH = defineFunction({
  name: "EOMONTH",
  category: "date",
  syntax: "EOMONTH(date, [months])",
  description: {
    "zh-CN": "date 之后第 months 个月（默认 0）的最后一天",
    en: "The last day of the month months after date's month (default 0)",
  },
  minArgs: 1,
  maxArgs: 2,
  check(c) {
    c.expect(0, "date");
    if (c.args.length > 1) c.expect(1, "numeric");
    return "date";
  },
  evaluate([value, months]) {
    const date = asDate(value ?? null);
    const n = months === undefined ? toDecimal(0) : asNumber(months);
    return date === null || n === null ? null : endOfMonth(date, wholeNumber(n, -B, B));
  },
  toSql: ([value, months], _call, builder) =>
    builder.reuse([value!, months ?? sql`0`], ([d, m]) => {
      const n = wholeSql(m!, -B, B);
      const firstOfMonth = sql`(${d} - (extract(day from ${d})::int - 1))`;
      return sql`CASE WHEN extract(year from ${d}) * 12 + extract(month from ${d}) - 1 + ${n} BETWEEN ${sql.lit(FIRST_MONTH_INDEX)} AND ${sql.lit(LAST_MONTH_INDEX)} THEN (${firstOfMonth} + make_interval(months => ${n} + 1))::date - 1 END`;
    }),
});

export const NEXTANNIVERSARY = defineFunction({
  name: "NEXTANNIVERSARY",
  category: "date",
  syntax: "NEXTANNIVERSARY(date)",
  description: {
    "zh-CN": "今天或之后的下一个周年日（如生日）；2 月 29 日在平年按 2 月 28 日",
    en: "The next anniversary (a birthday) on or after today; 29 February falls on 28 February in other years",
  },
  minArgs: 1,
  maxArgs: 1,
  timeDependent: true,
  check(c) {
    c.expect(0, "date");
    return "date";
  },
  evaluate: ([value], _call, context) => {
    const date = asDate(value ?? null);
    return date === null ? null : nextAnniversary(date, context.today);
  },
  toSql: ([value], _call, builder) =>
    builder.reuse([value!], ([d]) => {
      const today = sql`${builder.context.today}::date`;
      const years = sql`GREATEST(extract(year from ${today}) - extract(year from ${d}), 0)::int`;
      return builder.reuse([years], ([k]) =>
        builder.reuse(
          [sql`(${d} + make_interval(years => ${k}))::date`],
          ([candidate]) =>
            sql`CASE WHEN ${candidate} >= ${today} THEN ${candidate} WHEN extract(year from ${d}) + ${k} + 1 <= 9999 THEN (${d} + make_interval(years => ${k} + 1))::date END`,
        ),
      );
    }),
});

export const DATE_FUNCTIONS = [TODAY, NOW, DATE, YEAR, MONTH, DAY, WEEKDAY, EOMONTH, NEXTANNIVERSARY];
