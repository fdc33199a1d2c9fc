import { describe, expect, it } from "vitest";
import {
  parseRelativeDate,
  RELATIVE_DATE_PATTERNS,
  type RelativeDate,
  resolveRelativeDate,
  resolveRelativeInstantRange,
} from "./relative-dates.ts";
import { daysBetween } from "./zoned.ts";

// A Sunday in March, so week, month, quarter and year starts all differ from today.
const TODAY = "2026-03-15";

function resolve(token: string, today = TODAY) {
  const rel = parseRelativeDate(token);
  if (rel === null) throw new Error(`did not parse: ${token}`);
  return resolveRelativeDate(rel, today);
}

describe("parseRelativeDate", () => {
  it("parses fixed and period tokens", () => {
    expect(parseRelativeDate("today")).toEqual({ kind: "calendar", unit: "day", offset: 0 });
    expect(parseRelativeDate("yesterday")).toEqual({ kind: "calendar", unit: "day", offset: -1 });
    expect(parseRelativeDate("tomorrow")).toEqual({ kind: "calendar", unit: "day", offset: 1 });
    expect(parseRelativeDate("last_quarter")).toEqual({ kind: "calendar", unit: "quarter", offset: -1 });
    expect(parseRelativeDate("next_year")).toEqual({ kind: "calendar", unit: "year", offset: 1 });
  });

  it("parses rolling windows at their boundary counts", () => {
    expect(parseRelativeDate("last_1_days")).toEqual({
      kind: "rolling",
      unit: "day",
      direction: "last",
      count: 1,
    });
    expect(parseRelativeDate("next_3650_days")).toEqual({
      kind: "rolling",
      unit: "day",
      direction: "next",
      count: 3650,
    });
    expect(parseRelativeDate("next_1_months")).toEqual({
      kind: "rolling",
      unit: "month",
      direction: "next",
      count: 1,
    });
    expect(parseRelativeDate("last_120_months")).toEqual({
      kind: "rolling",
      unit: "month",
      direction: "last",
      count: 120,
    });
  });

  it("rejects out-of-range counts and garbage", () => {
    for (const token of [
      "last_0_days",
      "next_0_days",
      "next_3651_days",
      "last_9999_days",
      "last_10000_days",
      "last_0_months",
      "next_121_months",
      "last_07_days",
      "last_-1_days",
      "last_1.5_days",
      "last_N_days",
      "last_days",
      "last_7_day",
      "last_7_weeks",
      "this_7_days",
      "this_day",
      "last_today",
      "Today",
      " today",
      "today ",
      "LAST_WEEK",
      "last_week_",
      "__proto__",
      "constructor",
      "toString",
      "hasOwnProperty",
      "",
      "garbage",
    ]) {
      expect(parseRelativeDate(token), token).toBeNull();
    }
    expect(parseRelativeDate(null as unknown as string)).toBeNull();
  });

  it("parses every documented fixed pattern and N at 1", () => {
    for (const { pattern } of RELATIVE_DATE_PATTERNS) {
      expect(parseRelativeDate(pattern.replace("N", "1")), pattern).not.toBeNull();
    }
  });
});

describe("resolveRelativeDate", () => {
  it.each([
    ["today", "2026-03-15", "2026-03-16"],
    ["yesterday", "2026-03-14", "2026-03-15"],
    ["tomorrow", "2026-03-16", "2026-03-17"],
    ["this_week", "2026-03-09", "2026-03-16"],
    ["last_week", "2026-03-02", "2026-03-09"],
    ["next_week", "2026-03-16", "2026-03-23"],
    ["this_month", "2026-03-01", "2026-04-01"],
    ["last_month", "2026-02-01", "2026-03-01"],
    ["next_month", "2026-04-01", "2026-05-01"],
    ["this_quarter", "2026-01-01", "2026-04-01"],
    ["last_quarter", "2025-10-01", "2026-01-01"],
    ["next_quarter", "2026-04-01", "2026-07-01"],
    ["this_year", "2026-01-01", "2027-01-01"],
    ["last_year", "2025-01-01", "2026-01-01"],
    ["next_year", "2027-01-01", "2028-01-01"],
    ["last_1_days", "2026-03-15", "2026-03-16"],
    ["last_7_days", "2026-03-09", "2026-03-16"],
    ["last_3650_days", "2016-03-18", "2026-03-16"],
    ["next_1_days", "2026-03-15", "2026-03-16"],
    ["next_30_days", "2026-03-15", "2026-04-14"],
    ["next_3650_days", "2026-03-15", "2036-03-12"],
    ["last_1_months", "2026-02-16", "2026-03-16"],
    ["last_3_months", "2025-12-16", "2026-03-16"],
    ["last_120_months", "2016-03-16", "2026-03-16"],
    ["next_1_months", "2026-03-15", "2026-04-15"],
    ["next_120_months", "2026-03-15", "2036-03-15"],
  ])("%s → [%s, %s)", (token, from, toExclusive) => {
    expect(resolve(token)).toEqual({ from, toExclusive });
  });

  it("makes N-day windows exactly N days long, including today", () => {
    for (const n of [1, 7, 30, 90, 365, 3650]) {
      const last = resolve(`last_${n}_days`);
      const next = resolve(`next_${n}_days`);
      expect(daysBetween(last.from, last.toExclusive)).toBe(n);
      expect(daysBetween(next.from, next.toExclusive)).toBe(n);
      expect(last.toExclusive).toBe("2026-03-16");
      expect(next.from).toBe(TODAY);
    }
  });

  it("handles quarter and year edges", () => {
    expect(resolve("last_quarter", "2026-01-01")).toEqual({ from: "2025-10-01", toExclusive: "2026-01-01" });
    expect(resolve("next_quarter", "2026-12-31")).toEqual({ from: "2027-01-01", toExclusive: "2027-04-01" });
    expect(resolve("this_week", "2026-01-01")).toEqual({ from: "2025-12-29", toExclusive: "2026-01-05" });
  });

  it("handles leap years and clamps month windows at month ends", () => {
    expect(resolve("last_month", "2024-03-31")).toEqual({ from: "2024-02-01", toExclusive: "2024-03-01" });
    expect(resolve("next_1_months", "2024-01-31")).toEqual({ from: "2024-01-31", toExclusive: "2024-02-29" });
    expect(resolve("last_1_months", "2024-03-30")).toEqual({ from: "2024-02-29", toExclusive: "2024-03-31" });
    expect(resolve("last_1_months", "2026-01-31")).toEqual({ from: "2026-01-01", toExclusive: "2026-02-01" });
    expect(resolve("last_366_days", "2024-12-31")).toEqual({ from: "2024-01-01", toExclusive: "2025-01-01" });
  });

  it("rejects an invalid today and hand-built out-of-range windows", () => {
    const today = parseRelativeDate("today")!;
    expect(() => resolveRelativeDate(today, "2026-02-30")).toThrow(RangeError);
    expect(() => resolveRelativeDate(today, "yesterday")).toThrow(RangeError);
    const zero: RelativeDate = { kind: "rolling", unit: "day", direction: "last", count: 0 };
    expect(() => resolveRelativeDate(zero, TODAY)).toThrow(RangeError);
    const tooMany: RelativeDate = { kind: "rolling", unit: "month", direction: "next", count: 121 };
    expect(() => resolveRelativeDate(tooMany, TODAY)).toThrow(RangeError);
  });
});

describe("resolveRelativeInstantRange", () => {
  it("maps both bounds to the start of the zoned day", () => {
    const rel = parseRelativeDate("today")!;
    const range = resolveRelativeInstantRange(rel, TODAY, "Asia/Shanghai");
    expect(range.from.toISOString()).toBe("2026-03-14T16:00:00.000Z");
    expect(range.toExclusive.toISOString()).toBe("2026-03-15T16:00:00.000Z");
  });

  it("produces a 23-hour week-end range across the New York spring-forward", () => {
    const range = resolveRelativeInstantRange(
      parseRelativeDate("this_week")!,
      "2026-03-08",
      "America/New_York",
    );
    expect(range.from.toISOString()).toBe("2026-03-02T05:00:00.000Z");
    expect(range.toExclusive.toISOString()).toBe("2026-03-09T04:00:00.000Z");
    const day = resolveRelativeInstantRange(parseRelativeDate("today")!, "2026-03-08", "America/New_York");
    expect(day.toExclusive.getTime() - day.from.getTime()).toBe(23 * 3_600_000);
  });

  it("produces a 25-hour day across the New York fall-back", () => {
    const day = resolveRelativeInstantRange(
      parseRelativeDate("yesterday")!,
      "2026-11-02",
      "America/New_York",
    );
    expect(day.from.toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(day.toExclusive.getTime() - day.from.getTime()).toBe(25 * 3_600_000);
  });
});
