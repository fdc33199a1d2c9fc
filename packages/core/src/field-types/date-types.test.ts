import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCalendarDate } from "./date-types.ts";

/** The definition: the date survives a round trip through the proleptic Gregorian calendar. */
function roundTrips(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year, month - 1, day);
  return (
    year >= 1 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

describe("isCalendarDate", () => {
  it("accepts exactly the days of the calendar", () => {
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          expect(isCalendarDate(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`)).toBe(roundTrips(y, m, d));
        },
      ),
      { seed: 20261125, numRuns: 20_000 },
    );
    for (const text of ["2024-02-29", "2000-02-29", "0001-01-01"]) expect(isCalendarDate(text)).toBe(true);
    for (const text of [
      "1900-02-29",
      "2023-02-29",
      "2026-04-31",
      "0000-01-01",
      "2026-1-01",
      "2026-01-01T00:00",
    ])
      expect(isCalendarDate(text)).toBe(false);
  });
});
