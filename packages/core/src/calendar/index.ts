export { BusinessCalendar, type CalendarDay } from "./business-calendar.ts";
export { DEFAULT_WORKING_WEEKDAYS, type IsoWeekday } from "./weekday-rule.ts";
