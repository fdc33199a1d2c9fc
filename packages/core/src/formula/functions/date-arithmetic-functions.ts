import { sql } from "kysely";
import {
  addDaysToDate,
  addMonthsToDate,
  DATE_AMOUNT_BOUND,
  dayNumber,
  FIRST_DAY,
  FIRST_MONTH_INDEX,
  LAST_DAY,
  LAST_MONTH_INDEX,
  parseCivil,
} from "../date-math.ts";
import { toDecimal, wholeNumber } from "../decimal-math.ts";
import { type Sql, wholeSql } from "../sql-helpers.ts";
import type { DateUnit } from "../typed-ast.ts";
import { asDate, asNumber } from "./argument-values.ts";
import { defineFunction, type FunctionCheck } from "./function.ts";

const B = DATE_AMOUNT_BOUND;
const DATE_SPAN = LAST_DAY - FIRST_DAY;
const DATE_UNITS: readonly DateUnit[] = ["day", "week", "month", "quarter", "year"];
const DATETIME_UNITS: readonly DateUnit[] = ["day", "week", "hour", "minute"];
const MONTHS_PER: Partial<Record<DateUnit, number>> = { month: 1, quarter: 3, year: 12 };
const DAYS_PER: Partial<Record<DateUnit, number>> = { day: 1, week: 7 };
const HOURS_PER: Partial<Record<DateUnit, number>> = { week: 168, day: 24, hour: 1 };
const MINUTE_MS = 60_000;
// Date-times outside years 0001–9999 (UTC) are BLANK, like dates.
const FIRST_INSTANT = new Date("0001-01-01T00:00:00Z").getTime();
const END_INSTANT = new Date("+010000-01-01T00:00:00Z").getTime();

/** Reads the unit argument: a text literal from the allowlist, never anything that reaches SQL as text. */
function unitOf(c: FunctionCheck, index: number, allowed: readonly DateUnit[]): DateUnit | undefined {
  const text = c.literal(index);
  if (text === undefined) return undefined;
  const unit = allowed.find((u) => u === text.toLowerCase());
  if (!unit) {
    c.report("invalid_unit", c.args[index]!.span, { name: c.name, unit: text, allowed: allowed.join(", ") });
  }
  return unit;
}

function addToDate(date: string, amount: number, unit: DateUnit): string | null {
  const months = MONTHS_PER[unit];
  return months
    ? addMonthsToDate(date, amount * months)
    : addDaysToDate(date, amount * (DAYS_PER[unit] ?? 1));
}

function addToDatetime(instant: Date, amount: number, unit: DateUnit): Date | null {
  const minutes = unit === "minute" ? amount : amount * (HOURS_PER[unit] ?? 1) * 60;
  const ms = instant.getTime() + minutes * MINUTE_MS;
  return ms >= FIRST_INSTANT && ms < END_INSTANT ? new Date(ms) : null;
}

function dateAddSql(d: Sql, n: Sql, unit: DateUnit): Sql {
  const months = MONTHS_PER[unit];
  if (months) {
    const k = sql`(${wholeSql(n, -B, B)} * ${sql.lit(months)})`;
    return sql`CASE WHEN extract(year from ${d}) * 12 + extract(month from ${d}) - 1 + ${k} BETWEEN ${sql.lit(FIRST_MONTH_INDEX)} AND ${sql.lit(LAST_MONTH_INDEX)} THEN (${d} + make_interval(months => ${k}))::date END`;
  }
  const k = sql`(${wholeSql(n, -B, B)} * ${sql.lit(DAYS_PER[unit] ?? 1)})`;
  return sql`CASE WHEN (${d} - DATE '0001-01-01') + ${k} BETWEEN 0 AND ${sql.lit(DATE_SPAN)} THEN ${d} + ${k} END`;
}

const SECONDS_PER: Partial<Record<DateUnit, number>> = { week: 604_800, day: 86_400, hour: 3600, minute: 60 };

function datetimeAddSql(d: Sql, n: Sql, unit: DateUnit): Sql {
  const k = wholeSql(n, -B, B);
  // The range is checked on epoch seconds (numeric) before adding, so the addition can never overflow.
  const seconds = sql`extract(epoch from ${d}) + ${k}::numeric * ${sql.lit(SECONDS_PER[unit] ?? 60)}`;
  const interval =
    unit === "minute"
      ? sql`make_interval(mins => ${k})`
      : sql`make_interval(hours => ${k} * ${sql.lit(HOURS_PER[unit] ?? 1)})`;
  return sql`CASE WHEN ${seconds} >= ${sql.lit(FIRST_INSTANT / 1000)} AND ${seconds} < ${sql.lit(END_INSTANT / 1000)} THEN ${d} + ${interval} END`;
}

function monthsBetweenSql(a: Sql, b: Sql): Sql {
  return sql`((extract(year from ${b}) - extract(year from ${a})) * 12 + extract(month from ${b}) - extract(month from ${a}) - CASE WHEN extract(day from ${b}) < extract(day from ${a}) THEN 1 ELSE 0 END)`;
}

export const DATEADD = defineFunction({
  name: "DATEADD",
  category: "date",
  syntax: 'DATEADD(date, amount, "unit")',
  description: {
    "zh-CN": "加上若干天、周、月、季度或年（日期时间：天、周、小时、分钟）；月末按目标月的最后一天",
    en: "Adds days, weeks, months, quarters or years (date-times: days, weeks, hours, minutes); month ends clamp",
  },
  minArgs: 3,
  maxArgs: 3,
  check(c) {
    c.expect(0, "temporal");
    c.expect(1, "numeric");
    const type = c.args[0]!.type;
    // DATEADD(BLANK, 1, "hour") is a date-time: with BLANK, the unit says which.
    const text = type === "null" ? c.literal(2)?.toLowerCase() : undefined;
    const isDatetime = type === "datetime" || text === "hour" || text === "minute";
    if (isDatetime) c.expect(0, "datetime");
    const unit = unitOf(c, 2, isDatetime ? DATETIME_UNITS : DATE_UNITS);
    const result = isDatetime ? "datetime" : "date";
    return unit ? { type: result, data: { unit } } : result;
  },
  evaluate([value, amount], call) {
    const n = asNumber(amount ?? null);
    if (value === null || value === undefined || n === null) return null;
    const k = wholeNumber(n, -B, B);
    const unit = call.data.unit!;
    return value instanceof Date ? addToDatetime(value, k, unit) : addToDate(asDate(value)!, k, unit);
  },
  toSql: ([value, amount], call, builder) =>
    builder.reuse([value!, amount!], ([d, n]) =>
      call.type === "datetime"
        ? datetimeAddSql(d!, n!, call.data.unit!)
        : dateAddSql(d!, n!, call.data.unit!),
    ),
});

export const DATEDIF = defineFunction({
  name: "DATEDIF",
  category: "date",
  syntax: 'DATEDIF(start, end, "unit")',
  description: {
    "zh-CN": "两个日期之间的整天、整周、整月、整季度或整年数；end 早于 start 时为负",
    en: "Whole days, weeks, months, quarters or years from start to end; negative when end is earlier",
  },
  minArgs: 3,
  maxArgs: 3,
  check(c) {
    c.expect(0, "date");
    c.expect(1, "date");
    const unit = unitOf(c, 2, DATE_UNITS);
    return unit ? { type: "number", data: { unit } } : "number";
  },
  evaluate([start, end], call) {
    const s = asDate(start ?? null);
    const e = asDate(end ?? null);
    if (s === null || e === null) return null;
    const unit = call.data.unit!;
    if (unit === "day" || unit === "week") {
      return toDecimal(Math.trunc((dayNumber(e) - dayNumber(s)) / (unit === "week" ? 7 : 1)));
    }
    const months = e < s ? -monthsOf(e, s) : monthsOf(s, e);
    return toDecimal(Math.trunc(months / (MONTHS_PER[unit] ?? 1)));
  },
  toSql: ([start, end], call, builder) => {
    const unit = call.data.unit!;
    if (unit === "day") return sql`(${end} - ${start})::numeric`;
    if (unit === "week") return sql`div((${end} - ${start})::numeric, 7)`;
    return builder.reuse([start!, end!], ([s, e]) => {
      const months = sql`CASE WHEN ${e} >= ${s} THEN ${monthsBetweenSql(s!, e!)} ELSE -${monthsBetweenSql(e!, s!)} END`;
      return unit === "month" ? months : sql`div(${months}, ${sql.lit(MONTHS_PER[unit] ?? 1)})`;
    });
  },
});

function monthsOf(start: string, end: string): number {
  const from = parseCivil(start)!;
  const to = parseCivil(end)!;
  return (to.year - from.year) * 12 + to.month - from.month - (to.day < from.day ? 1 : 0);
}

export const DATE_ARITHMETIC_FUNCTIONS = [DATEADD, DATEDIF];
