import { useLanguage } from "../../i18n/index.ts";

// Calendar dates are formatted at UTC midnight in UTC, so the browser's time zone never moves them a day.
const utc = (date: string) => new Date(`${date}T00:00:00Z`);

/** "十月" / "October". */
export function useMonthName(): (month: number) => string {
  const language = useLanguage();
  return (month: number) =>
    new Intl.DateTimeFormat(language, { month: "long", timeZone: "UTC" }).format(
      new Date(Date.UTC(2026, month - 1, 1)),
    );
}

/** "2026年10月10日星期六" / "Saturday 10 October 2026". */
export function useLongDate(): (date: string) => string {
  const language = useLanguage();
  return (date: string) =>
    new Intl.DateTimeFormat(language, { dateStyle: "full", timeZone: "UTC" }).format(utc(date));
}

/** "1月1日周四" / "Thu, January 1": a day within a year shown elsewhere. */
export function useShortDate(): (date: string) => string {
  const language = useLanguage();
  return (date: string) =>
    new Intl.DateTimeFormat(language, {
      month: "long",
      day: "numeric",
      weekday: "short",
      timeZone: "UTC",
    }).format(utc(date));
}
