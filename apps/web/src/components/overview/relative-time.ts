import type { Locale } from "@keduo/core";

const DAY = 86_400_000;
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * DAY],
  ["month", 30 * DAY],
  ["week", 7 * DAY],
  ["day", DAY],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

const formats = new Map<Locale, Intl.RelativeTimeFormat>();

/**
 * "3 天前" / "in 2 weeks": how far an instant or a calendar date is from now, for a rep's glance. A calendar
 * date counts whole days from today (a date is never "5 hours ago").
 */
export function relativeTime(value: string, locale: Locale, now = new Date()): string | null {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00` : value);
  if (Number.isNaN(date.getTime())) return null;
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
    formats.set(locale, format);
  }
  const from = dateOnly ? new Date(now.getFullYear(), now.getMonth(), now.getDate()) : now;
  const diff = date.getTime() - from.getTime();
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || (dateOnly && unit === "day"))
      return format.format(Math.trunc(diff / ms), unit);
  }
  return format.format(0, "second");
}
