/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(instant);
}

const dayNumber = (date: string) =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / 86_400_000;

/**
 * Whole days a due date lies before today, both read in the organisation's time zone (the server judges
 * "overdue" there): a date field's value is a calendar date; a datetime falls on its day in that zone.
 */
export function daysLate(due: string, now: Date, timeZone: string): number {
  const dueDate = /^\d{4}-\d{2}-\d{2}$/.test(due) ? due : dateIn(new Date(due), timeZone);
  return Math.max(0, dayNumber(dateIn(now, timeZone)) - dayNumber(dueDate));
}
