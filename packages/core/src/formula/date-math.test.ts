import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths, daysBetween } from "../time/zoned.ts";
import {
  addDaysToDate,
  addMonthsToDate,
  civilFromDays,
  dateFromDayNumber,
  dayNumber,
  daysFromCivil,
  endOfMonth,
  FIRST_DAY,
  LAST_DAY,
  nextAnniversary,
  wholeMonthsBetween,
} from "./date-math.ts";

const anyDay = fc.integer({ min: FIRST_DAY, max: LAST_DAY });

describe("formula date arithmetic", () => {
  it("round-trips every day number of 0001–9999 and agrees with the time helpers", () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -5000, max: 5000 }), (day, months) => {
        const { year, month, day: d } = civilFromDays(day);
        expect(daysFromCivil(year, month, d)).toBe(day);
        const date = dateFromDayNumber(day)!;
        expect(dayNumber(date)).toBe(day);
        const shifted = addMonthsToDate(date, months);
        if (shifted !== null) expect(shifted).toBe(addMonths(date, months));
      }),
      { seed: 20261124, numRuns: 2000 },
    );
    expect(daysBetween("1970-01-01", dateFromDayNumber(0)!)).toBe(0);
  });

  it("clamps at month ends and gives BLANK outside 0001–9999", () => {
    expect(addMonthsToDate("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonthsToDate("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonthsToDate("9999-12-31", 1)).toBeNull();
    expect(addDaysToDate("0001-01-01", -1)).toBeNull();
    expect(endOfMonth("2100-02-10", 0)).toBe("2100-02-28");
    expect(endOfMonth("2000-02-10", 0)).toBe("2000-02-29");
  });

  it("counts whole months as DATEDIF does, symmetrically", () => {
    expect(wholeMonthsBetween("2024-01-31", "2024-02-29")).toBe(0);
    expect(wholeMonthsBetween("2024-01-31", "2024-03-31")).toBe(2);
    expect(wholeMonthsBetween("2024-03-31", "2024-01-31")).toBe(-2);
    expect(wholeMonthsBetween("2024-03-15", "2024-01-16")).toBe(-1);
  });

  it("finds the next anniversary, leap days falling on 28 February", () => {
    expect(nextAnniversary("2024-02-29", "2025-03-01")).toBe("2026-02-28");
    expect(nextAnniversary("2024-02-29", "2028-02-29")).toBe("2028-02-29");
    expect(nextAnniversary("1990-12-31", "2026-12-31")).toBe("2026-12-31");
    expect(nextAnniversary("1990-12-31", "9999-12-31")).toBe("9999-12-31");
    expect(nextAnniversary("1990-01-01", "9999-12-31")).toBeNull();
  });
});
