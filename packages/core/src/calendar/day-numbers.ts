/*
 * Calendar dates as day numbers: whole days since 1970-01-01 in the proleptic Gregorian calendar, with no time
 * zone anywhere. Business-day arithmetic runs a million times in a due-scan, so this avoids `Date` objects and
 * regular expressions: the string is read by character codes and the conversion is Howard Hinnant's
 * days-from-civil (http://howardhinnant.github.io/date_algorithms.html), exact for years 0001–9999.
 */

const DIGIT_0 = 48;
const DASH = 45;
const DAYS_PER_ERA = 146_097;
/** Day numbers of 0001-01-01 and 9999-12-31: the dates a "YYYY-MM-DD" string can hold. */
export const FIRST_DAY_NUMBER = -719_162;
export const LAST_DAY_NUMBER = 2_932_896;

/** The decimal number in text[from, to), or -1 when a character there is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let index = from; index < to; index++) {
    const digit = text.charCodeAt(index) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The day number of a "YYYY-MM-DD" date, or null when the text is not a real calendar date. */
export function tryDayNumber(text: string): number | null {
  if (typeof text !== "string" || text.length !== 10) return null;
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return civilToDayNumber(year, month, day);
}

/** The day number of a "YYYY-MM-DD" date; a RangeError names anything else. */
export function toDayNumber(text: string): number {
  const day = tryDayNumber(text);
  if (day === null) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  return day;
}

function civilToDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - 719_468;
}

const pad2 = (value: number) => (value < 10 ? `0${value}` : String(value));

/** The "YYYY-MM-DD" text of a day number; a RangeError outside years 0001–9999. */
export function fromDayNumber(dayNumber: number): string {
  if (!Number.isInteger(dayNumber) || dayNumber < FIRST_DAY_NUMBER || dayNumber > LAST_DAY_NUMBER)
    throw new RangeError(`The date is outside years 0001–9999 (day number ${dayNumber})`);
  const z = dayNumber + 719_468;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`;
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOf(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}
