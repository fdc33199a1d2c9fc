import { zonedParts } from "../../time/zoned.ts";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "YYYY-MM-DD HH:MM:SS" of the instant in the time zone (PostgreSQL: to_char(timezone(tz, x), …)). */
export function datetimeText(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** The calendar date of the instant in the time zone. */
export function datetimeDate(
  instant: Date,
  timeZone: string,
): { year: number; month: number; day: number; weekday: number } {
  const p = zonedParts(instant, timeZone);
  return { year: p.year, month: p.month, day: p.day, weekday: p.weekday };
}
