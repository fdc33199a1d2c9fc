import type { Clock } from "@keduo/core";
import type { Database } from "../../db/database.ts";
import { readChineseDays } from "./chinese-days-source.ts";
import { WorkingCalendarService } from "./working-calendar.service.ts";

export type { CalendarDayRow, DayName, DaySource } from "./calendar-rows.ts";
export type { CalendarYear, DayInput } from "./working-calendar.service.ts";
export { WorkingCalendarService } from "./working-calendar.service.ts";

/**
 * The working calendar (ADR 0031). Creating it loads the official holidays and make-up working days of every
 * year the chinese-days package states and this installation has not loaded yet, so the first start of a new
 * installation (and the first start after a package upgrade that brings a new year) has them.
 */
export async function createWorkingCalendar(deps: {
  database: Database;
  clock: Clock;
}): Promise<WorkingCalendarService> {
  const calendar = new WorkingCalendarService({ ...deps, official: readChineseDays });
  await calendar.loadOfficialYears();
  return calendar;
}
