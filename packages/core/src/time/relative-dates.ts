import {
  addDays,
  addMonths,
  isValidDateString,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  startOfZonedDay,
} from "./zoned.ts";

export type CalendarUnit = "day" | "week" | "month" | "quarter" | "year";

export type RelativeDate =
  /** The calendar period containing today, or the one before (-1) or after (+1) it. */
  | { kind: "calendar"; unit: CalendarUnit; offset: -1 | 0 | 1 }
  /** A rolling window of `count` days or months that ends (last) or starts (next) with today. */
  | { kind: "rolling"; unit: "day" | "month"; direction: "last" | "next"; count: number };

export interface DateRange {
  from: string;
  toExclusive: string;
}

export interface InstantRange {
  from: Date;
  toExclusive: Date;
}

export const RELATIVE_DATE_PATTERNS: readonly { pattern: string; description: string }[] = [
  { pattern: "today", description: "today" },
  { pattern: "yesterday", description: "the day before today" },
  { pattern: "tomorrow", description: "the day after today" },
  { pattern: "this_week", description: "the ISO week (Monday–Sunday) containing today" },
  { pattern: "last_week", description: "the ISO week before this one" },
  { pattern: "next_week", description: "the ISO week after this one" },
  { pattern: "this_month", description: "the calendar month containing today" },
  { pattern: "last_month", description: "the calendar month before this one" },
  { pattern: "next_month", description: "the calendar month after this one" },
  { pattern: "this_quarter", description: "the calendar quarter (Jan/Apr/Jul/Oct start) containing today" },
  { pattern: "last_quarter", description: "the calendar quarter before this one" },
  { pattern: "next_quarter", description: "the calendar quarter after this one" },
  { pattern: "this_year", description: "the calendar year containing today" },
  { pattern: "last_year", description: "the calendar year before this one" },
  { pattern: "next_year", description: "the calendar year after this one" },
  { pattern: "last_N_days", description: "the N days ending with today, inclusive (N = 1–3650)" },
  { pattern: "next_N_days", description: "the N days starting with today, inclusive (N = 1–3650)" },
  { pattern: "last_N_months", description: "the N months ending with today, inclusive (N = 1–120)" },
  { pattern: "next_N_months", description: "the N months starting with today, inclusive (N = 1–120)" },
];

const MAX_COUNT = { day: 3650, month: 120 } as const;

const FIXED: Readonly<Record<string, RelativeDate>> = {
  today: { kind: "calendar", unit: "day", offset: 0 },
  yesterday: { kind: "calendar", unit: "day", offset: -1 },
  tomorrow: { kind: "calendar", unit: "day", offset: 1 },
};

const PERIOD_RE = /^(last|this|next)_(week|month|quarter|year)$/;
// No leading zeros, so each window has exactly one spelling.
const ROLLING_RE = /^(last|next)_([1-9][0-9]{0,3})_(days|months)$/;

const OFFSETS = { last: -1, this: 0, next: 1 } as const;

export function parseRelativeDate(token: string): RelativeDate | null {
  if (typeof token !== "string") return null;
  if (Object.hasOwn(FIXED, token)) return FIXED[token] ?? null;

  const period = PERIOD_RE.exec(token);
  if (period !== null) {
    const which = period[1] as keyof typeof OFFSETS;
    const unit = period[2] as CalendarUnit;
    return { kind: "calendar", unit, offset: OFFSETS[which] };
  }

  const rolling = ROLLING_RE.exec(token);
  if (rolling !== null) {
    const direction = rolling[1] as "last" | "next";
    const unit = rolling[3] === "days" ? "day" : "month";
    const count = Number(rolling[2]);
    if (count > MAX_COUNT[unit]) return null;
    return { kind: "rolling", unit, direction, count };
  }

  return null;
}

function shiftPeriod(start: string, unit: CalendarUnit, n: number): string {
  switch (unit) {
    case "day":
      return addDays(start, n);
    case "week":
      return addDays(start, 7 * n);
    case "month":
      return addMonths(start, n);
    case "quarter":
      return addMonths(start, 3 * n);
    case "year":
      return addMonths(start, 12 * n);
  }
}

function periodStart(today: string, unit: CalendarUnit): string {
  switch (unit) {
    case "day":
      return today;
    case "week":
      return startOfWeek(today);
    case "month":
      return startOfMonth(today);
    case "quarter":
      return startOfQuarter(today);
    case "year":
      return startOfYear(today);
  }
}

/**
 * Resolves to a half-open range of calendar dates: a row matches when `from <= date < toExclusive`.
 *
 * Rolling windows include today at their edge: last_7_days is today-6 … today and next_30_days is
 * today … today+29, so "last" and "next" windows meet at today rather than leaving it out. Month
 * windows follow suit: last_N_months ends after today and starts N months before that end;
 * next_N_months starts today and ends N months later (month ends clamp, see addMonths).
 */
export function resolveRelativeDate(rel: RelativeDate, today: string): DateRange {
  if (!isValidDateString(today))
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(today)}`);
  if (rel.kind === "calendar") {
    const from = shiftPeriod(periodStart(today, rel.unit), rel.unit, rel.offset);
    return { from, toExclusive: shiftPeriod(from, rel.unit, 1) };
  }
  if (!Number.isInteger(rel.count) || rel.count < 1 || rel.count > MAX_COUNT[rel.unit]) {
    throw new RangeError(`Rolling ${rel.unit} count out of range: ${rel.count}`);
  }
  const shift = rel.unit === "day" ? addDays : addMonths;
  if (rel.direction === "last") {
    const toExclusive = addDays(today, 1);
    return { from: shift(toExclusive, -rel.count), toExclusive };
  }
  return { from: today, toExclusive: shift(today, rel.count) };
}

/** The same range as instants, for timestamptz columns: each bound is the start of that day in tz. */
export function resolveRelativeInstantRange(rel: RelativeDate, today: string, tz: string): InstantRange {
  const { from, toExclusive } = resolveRelativeDate(rel, today);
  return { from: startOfZonedDay(from, tz), toExclusive: startOfZonedDay(toExclusive, tz) };
}
