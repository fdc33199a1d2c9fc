import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FIRST_DAY_NUMBER,
  fromDayNumber,
  isoWeekdayOf,
  LAST_DAY_NUMBER,
  toDayNumber,
  tryDayNumber,
} from "./day-numbers.ts";

const DAY_MS = 86_400_000;

describe("day numbers", () => {
  it("count days from 1970-01-01 and back, across the years a date string holds", () => {
    expect(toDayNumber("1970-01-01")).toBe(0);
    expect(toDayNumber("2026-10-01")).toBe(Date.UTC(2026, 9, 1) / DAY_MS);
    expect(toDayNumber("0001-01-01")).toBe(FIRST_DAY_NUMBER);
    expect(toDayNumber("9999-12-31")).toBe(LAST_DAY_NUMBER);
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY_NUMBER, max: LAST_DAY_NUMBER }), (day) => {
        const text = fromDayNumber(day);
        expect(text).toBe(new Date(day * DAY_MS).toISOString().slice(0, 10));
        expect(toDayNumber(text)).toBe(day);
      }),
      { numRuns: 5_000 },
    );
  });

  it("know leap years: 2024-02-29 and 2000-02-29 exist, 2100-02-29 and 2026-02-29 do not", () => {
    expect(fromDayNumber(toDayNumber("2024-02-29") + 1)).toBe("2024-03-01");
    expect(tryDayNumber("2000-02-29")).not.toBeNull();
    expect(tryDayNumber("2100-02-29")).toBeNull();
    expect(tryDayNumber("2026-02-29")).toBeNull();
  });

  it("refuse anything but a real YYYY-MM-DD date", () => {
    for (const text of [
      "",
      "2026-1-01",
      "2026-13-01",
      "2026-04-31",
      "0000-01-01",
      "2026/10/01",
      "2026-10-01T00:00:00Z",
      " 2026-10-01",
      "２０２６-10-01",
      "abcd-ef-gh",
    ]) {
      expect(tryDayNumber(text), text).toBeNull();
    }
    expect(() => toDayNumber("2026-02-30")).toThrow(RangeError);
    expect(() => fromDayNumber(LAST_DAY_NUMBER + 1)).toThrow(RangeError);
    expect(() => fromDayNumber(FIRST_DAY_NUMBER - 1)).toThrow(RangeError);
  });

  it("give ISO weekdays, Monday 1 to Sunday 7, before 1970 too", () => {
    expect(isoWeekdayOf(toDayNumber("1970-01-01"))).toBe(4);
    expect(isoWeekdayOf(toDayNumber("2026-10-10"))).toBe(6);
    expect(isoWeekdayOf(toDayNumber("2026-09-20"))).toBe(7);
    expect(isoWeekdayOf(toDayNumber("1969-12-29"))).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY_NUMBER, max: LAST_DAY_NUMBER }), (day) => {
        expect(isoWeekdayOf(day)).toBe(((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1);
      }),
    );
  });
});
