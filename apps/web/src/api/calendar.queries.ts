import type { Locale } from "@keduo/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { http, request } from "./http-client.ts";

export type DayName = Partial<Record<Locale, string>>;

/** A day the working calendar sets explicitly (GET /api/admin/calendar). */
export interface CalendarDay {
  date: string;
  working: boolean;
  name: DayName | null;
  source: "chinese-days" | "admin";
  updated_at: string;
  updated_by: string | null;
}

export interface CalendarYear {
  year: number;
  default_rule: { working_weekdays: number[] };
  official_loaded: boolean;
  official_source: string;
  days: CalendarDay[];
}

const yearKey = (year: number) => ["admin", "calendar", year] as const;

export function useCalendarYear(year: number) {
  return useQuery({
    queryKey: yearKey(year),
    queryFn: ({ signal }) => http.get<CalendarYear>("/api/admin/calendar", { year }, signal),
    placeholderData: (previous) => previous,
  });
}

/** PUT (set) or DELETE (back to the rule) one day; the year it is in is fetched again. */
export function useChangeCalendarDay() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: { date: string; set: { working: boolean; name: DayName | null } | null }) => {
      const path = `/api/admin/calendar/days/${change.date}`;
      if (change.set) await request<CalendarDay>("PUT", path, { body: change.set });
      else await request<void>("DELETE", path);
    },
    onSuccess: (_answer, change) =>
      queryClient.invalidateQueries({ queryKey: yearKey(Number(change.date.slice(0, 4))) }),
  });
}
