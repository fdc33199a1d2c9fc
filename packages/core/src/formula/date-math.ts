/**
 * Calendar dates are "YYYY-MM-DD" strings in years 0001–9999; a result outside that range is BLANK.
 * Day numbers count days since 1970-01-01 (proleptic Gregorian), with Howard Hinnant's civil-date
 * algorithms: integer arithmetic only, no time zone can leak in.
 */

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** DATEADD amounts are clamped here: far enough that a clamped amount always leaves the date range. */
export const DATE_AMOUNT_BOUND = 4_000_000;
/** Month index (year·12 + month − 1) of 0001-01 and 9999-12. */
export const FIRST_MONTH_INDEX = 12;
export const LAST_MONTH_INDEX = 9999 * 12 + 11;

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const month = mp + (mp < 10 ? 3 : -9);
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * mp + 2) / 5) + 1,
  };
}

export const FIRST_DAY = daysFromCivil(1, 1, 1);
export const LAST_DAY = daysFromCivil(9999, 12, 31);

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function parseCivil(date: string): CivilDate | null {
  const match = DATE_TEXT.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

function civilOrThrow(date: string): CivilDate {
  const civil = parseCivil(date);
  if (!civil) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return civil;
}

export function formatCivil({ year, month, day }: CivilDate): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function dayNumber(date: string): number {
  const { year, month, day } = civilOrThrow(date);
  return daysFromCivil(year, month, day);
}

export function dateFromDayNumber(days: number): string | null {
  return days < FIRST_DAY || days > LAST_DAY ? null : formatCivil(civilFromDays(days));
}

export function addDaysToDate(date: string, days: number): string | null {
  return dateFromDayNumber(dayNumber(date) + days);
}

function monthIndex({ year, month }: CivilDate): number {
  return year * 12 + month - 1;
}

/** Calendar months, clamping the day to the end of the target month (2024-01-31 + 1 month = 2024-02-29). */
export function addMonthsToDate(date: string, months: number): string | null {
  const civil = civilOrThrow(date);
  const index = monthIndex(civil) + months;
  if (index < FIRST_MONTH_INDEX || index > LAST_MONTH_INDEX) return null;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatCivil({ year, month, day: Math.min(civil.day, daysInMonth(year, month)) });
}

/** The last day of the month `months` after the date's month (EOMONTH). */
export function endOfMonth(date: string, months: number): string | null {
  const index = monthIndex(civilOrThrow(date)) + months;
  if (index < FIRST_MONTH_INDEX || index > LAST_MONTH_INDEX) return null;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatCivil({ year, month, day: daysInMonth(year, month) });
}

export function makeDate(year: number, month: number, day: number): string | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  return formatCivil({ year, month, day });
}

/** Whole months from start to end: a month counts once its day of the month is reached; negative when end is earlier. */
export function wholeMonthsBetween(start: string, end: string): number {
  if (end < start) return -wholeMonthsBetween(end, start);
  const from = civilOrThrow(start);
  const to = civilOrThrow(end);
  return monthIndex(to) - monthIndex(from) - (to.day < from.day ? 1 : 0);
}

/** The first date on or after `today` that is the date plus a whole number (≥ 0) of years. */
export function nextAnniversary(date: string, today: string): string | null {
  const years = Math.max(0, civilOrThrow(today).year - civilOrThrow(date).year);
  const candidate = addMonthsToDate(date, 12 * years);
  if (candidate === null || candidate >= today) return candidate;
  return addMonthsToDate(date, 12 * (years + 1));
}

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export function isoWeekday(date: string): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}
