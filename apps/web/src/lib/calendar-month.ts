/*
 * The working calendar's year view as data: the cells of a month grid (weeks start on Monday, as Chinese
 * calendars do) and what kind of day each is. Dates are "YYYY-MM-DD" strings computed in UTC, so the browser's
 * time zone never shifts a day.
 */

export type DayKind = "holiday" | "make-up" | "weekend" | "working";

export interface MonthCell {
  date: string;
  day: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

/** The i18n key of each kind under `calendar.kind`. */
export const KIND_KEY = {
  holiday: "holiday",
  "make-up": "makeUp",
  weekend: "weekend",
  working: "working",
} as const;

const pad = (value: number) => String(value).padStart(2, "0");

/** ISO weekday of a "YYYY-MM-DD" date: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** The month's days with their weekdays (a Monday-first grid puts the 1st in column `weekday`). */
export function monthCells(year: number, month: number): MonthCell[] {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const first = ((new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7) + 1;
  return Array.from({ length: days }, (_, index) => ({
    date: `${year}-${pad(month)}-${pad(index + 1)}`,
    day: index + 1,
    weekday: ((first - 1 + index) % 7) + 1,
  }));
}

/**
 * How a day shows: a set day off is a holiday (a weekend inside a holiday too, so the holiday reads as one
 * block); a set working day on a weekend is a make-up day (调休上班); otherwise the weekday rule decides.
 */
export function dayKind(
  weekday: number,
  set: { working: boolean } | undefined,
  workingWeekdays: number[],
): DayKind {
  const byRule = workingWeekdays.includes(weekday);
  if (set && !set.working) return "holiday";
  if (set?.working && !byRule) return "make-up";
  return set?.working || byRule ? "working" : "weekend";
}

/** Consecutive days (one calendar day apart) that share a key, e.g. the seven days of National Day. */
export function dayRuns<T extends { date: string }>(days: readonly T[], keyOf: (day: T) => string): T[][] {
  const runs: T[][] = [];
  let lastKey = "";
  let lastTime = Number.NaN;
  for (const day of days) {
    const key = keyOf(day);
    const time = Date.parse(`${day.date}T00:00:00Z`);
    const run = runs.at(-1);
    if (run && key === lastKey && time - lastTime === 86_400_000) run.push(day);
    else runs.push([day]);
    lastKey = key;
    lastTime = time;
  }
  return runs;
}
