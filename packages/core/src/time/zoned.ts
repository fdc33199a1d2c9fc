/**
 * Calendar dates are "YYYY-MM-DD" strings (years 0001–9999); arithmetic on them is done in UTC so no
 * host time zone or DST can leak in. Time zones are IANA names (or offsets) resolved through Intl only.
 */

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    // Throws RangeError for unknown zones; only valid zones are cached, so the map stays bounded.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      calendar: "gregory",
      numberingSystem: "latn",
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== "string" || tz === "") return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

// Date.UTC maps years 0–99 to 1900–1999, so set the full year explicitly.
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

function isoWeekday(ms: number): number {
  return ((new Date(ms).getUTCDay() + 6) % 7) + 1;
}

export function zonedParts(instant: Date, tz: string): ZonedParts {
  const parts = formatterFor(tz).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    if (part === undefined) throw new RangeError(`Intl gave no ${type} for ${instant.toISOString()}`);
    return Number(part.value);
  };
  const era = parts.find((p) => p.type === "era")?.value;
  const yearOfEra = get("year");
  const year = era === "BC" || era === "B" ? 1 - yearOfEra : yearOfEra;
  const month = get("month");
  const day = get("day");
  return {
    year,
    month,
    day,
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
    weekday: isoWeekday(utcMs(year, month, day)),
  };
}

export function zonedDate(instant: Date, tz: string): string {
  const p = zonedParts(instant, tz);
  return formatDate(p.year, p.month, p.day);
}

/** Offset of tz from UTC at the given whole-second instant, in ms (east positive). */
function offsetMs(epochMs: number, tz: string): number {
  const p = zonedParts(new Date(epochMs), tz);
  return utcMs(p.year, p.month, p.day, p.hour, p.minute, p.second) - epochMs;
}

function isLocalMidnightOf(epochMs: number, tz: string, date: YearMonthDay): boolean {
  const p = zonedParts(new Date(epochMs), tz);
  return (
    p.year === date.year &&
    p.month === date.month &&
    p.day === date.day &&
    p.hour === 0 &&
    p.minute === 0 &&
    p.second === 0
  );
}

/** The first instant whose calendar date in tz is `date`. */
export function startOfZonedDay(date: string, tz: string): Date {
  const ymd = parseDate(date);
  const wall = utcMs(ymd.year, ymd.month, ymd.day);
  // Offsets in force a day either side bracket any transition near this midnight (as Temporal does).
  const before = wall - offsetMs(wall - DAY_MS, tz);
  const after = wall - offsetMs(wall + DAY_MS, tz);
  // When midnight occurs twice (a fall-back at 00:00), the day starts at the earlier one.
  const candidates = [before, after].filter((t) => isLocalMidnightOf(t, tz, ymd)).sort((a, b) => a - b);
  if (candidates[0] !== undefined) return new Date(candidates[0]);
  // Midnight was skipped by a spring-forward: the day starts at the transition itself.
  let lo = Math.min(before, after) / 1000;
  let hi = Math.max(before, after) / 1000;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (zonedDate(new Date(mid * 1000), tz) >= date) hi = mid;
    else lo = mid + 1;
  }
  return new Date(lo * 1000);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function formatDate(year: number, month: number, day: number): string {
  if (year < 1 || year > 9999) throw new RangeError(`Year ${year} is outside 0001–9999`);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function formatMs(ms: number): string {
  const d = new Date(ms);
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

function tryParseDate(s: string): YearMonthDay | null {
  if (typeof s !== "string") return null;
  const m = DATE_RE.exec(s);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function parseDate(s: string): YearMonthDay {
  const ymd = tryParseDate(s);
  if (ymd === null) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(s)}`);
  return ymd;
}

function toMs(s: string): number {
  const { year, month, day } = parseDate(s);
  return utcMs(year, month, day);
}

export function isValidDateString(s: string): boolean {
  return tryParseDate(s) !== null;
}

function assertInteger(n: number): void {
  if (!Number.isInteger(n)) throw new RangeError(`Expected an integer, got ${n}`);
}

export function addDays(date: string, n: number): string {
  assertInteger(n);
  return formatMs(toMs(date) + n * DAY_MS);
}

/** Adds calendar months, clamping to the last day of the target month (2024-01-31 + 1 → 2024-02-29). */
export function addMonths(date: string, n: number): string {
  assertInteger(n);
  const { year, month, day } = parseDate(date);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** ISO week start (Monday). */
export function startOfWeek(date: string): string {
  const ms = toMs(date);
  return formatMs(ms - (isoWeekday(ms) - 1) * DAY_MS);
}

export function startOfMonth(date: string): string {
  const { year, month } = parseDate(date);
  return formatDate(year, month, 1);
}

export function startOfQuarter(date: string): string {
  const { year, month } = parseDate(date);
  return formatDate(year, month - ((month - 1) % 3), 1);
}

export function startOfYear(date: string): string {
  return formatDate(parseDate(date).year, 1, 1);
}

/** Whole days from a to b: positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toMs(b) - toMs(a)) / DAY_MS);
}
