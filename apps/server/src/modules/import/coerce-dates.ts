import { isValidDateString, startOfZonedDay } from "@keduo/core";
import type { Cell } from "./table-source.ts";

export type Rejected = { ok: false; code: string; params?: Record<string, string | number> };
/** A cell's value, or why it has none; a value may come with a warning (imported only when accepted). */
export type Coerced = { ok: true; value: unknown; warning?: Rejected } | Rejected;

export const accept = (value: unknown): Coerced => ({ ok: true, value });
export const reject = (code: string, params?: Record<string, string | number>): Rejected =>
  params ? { ok: false, code, params } : { ok: false, code };
/** A value taken as written, flagged: the row is imported only when the user accepts warnings. */
export const warn = (value: unknown, code: string, params?: Record<string, string | number>): Coerced => ({
  ok: true,
  value,
  warning: reject(code, params),
});

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const DAY_MS = 86_400_000;
// Excel's day 0 is 1899-12-30 in the 1900 date system (its fictitious 1900-02-29 is before every real date).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** Wall-clock parts: exceljs hands date cells as Dates whose UTC fields are the wall clock of the sheet. */
interface Wall {
  date: string;
  seconds: number;
}

function fromSerial(serial: number): Wall | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2_958_466) return null;
  const ms = Math.round((serial * DAY_MS) / 1000) * 1000 + EXCEL_EPOCH_MS;
  return fromUtcFields(new Date(ms));
}

function fromUtcFields(d: Date): Wall {
  return {
    date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    seconds: d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds(),
  };
}

// 2026-3-5, 2026/3/5, 2026.3.5, 2026年3月5日 (号), 20260305; optionally followed by a time 14:30[:15].
const DATE_TEXT =
  /^(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?|(\d{2})(\d{2}))(?:[\sT]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$/;

function fromText(text: string): Wall | null {
  const m = DATE_TEXT.exec(text.trim());
  if (!m) return null;
  const month = Number(m[2] ?? m[4] ?? m[6]);
  const day = Number(m[3] ?? m[5] ?? m[7]);
  const date = `${m[1]}-${pad(month)}-${pad(day)}`;
  if (!isValidDateString(date)) return null;
  const [h, min, s] = [Number(m[8] ?? 0), Number(m[9] ?? 0), Number(m[10] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  return { date, seconds: h * 3600 + min * 60 + s };
}

function wallOf(cell: Cell): Wall | null {
  // A date-time cell is a fraction of a day; the Date exceljs makes of it can be a millisecond off the second.
  if (cell instanceof Date)
    return Number.isNaN(cell.getTime())
      ? null
      : fromUtcFields(new Date(Math.round(cell.getTime() / 1000) * 1000));
  if (typeof cell === "number") return fromSerial(cell);
  if (typeof cell === "string") return fromText(cell);
  return null;
}

/** A calendar date from a date cell, an Excel serial number or the Chinese and ISO text forms. */
export function coerceDate(cell: Cell): Coerced {
  const wall = wallOf(cell);
  return wall ? accept(wall.date) : reject("invalid_date");
}

/**
 * An instant: text with an explicit offset (ISO 8601) is taken as written; everything else is wall-clock
 * time in the organisation's time zone (Excel stores no zone).
 */
export function coerceDatetime(cell: Cell, timeZone: string): Coerced {
  if (typeof cell === "string" && /(Z|[+-]\d{2}:?\d{2})$/.test(cell.trim())) {
    const instant = new Date(cell.trim());
    return Number.isNaN(instant.getTime()) ? reject("invalid_datetime") : accept(instant.toISOString());
  }
  const wall = wallOf(cell);
  if (!wall) return reject("invalid_datetime");
  const instant = new Date(startOfZonedDay(wall.date, timeZone).getTime() + wall.seconds * 1000);
  return accept(instant.toISOString());
}
