import { describe, expect, it } from "vitest";
import { context, run } from "./test-support.ts";

describe("date functions", () => {
  it.each([
    ["TODAY()", "2026-03-15"],
    ["NOW()", "2026-03-15T02:00:00.000Z"],
    ["DATE(2024, 2, 29)", "2024-02-29"],
    ["DATE(2023, 2, 29)", "BLANK"],
    ["DATE(2024, 13, 1)", "BLANK"],
    ["DATE(2024.9, 2.9, 1.9)", "2024-02-01"],
    ["DATE(0, 1, 1)", "BLANK"],
    ["DATE(9999, 12, 31)", "9999-12-31"],
    ["DATE(BLANK, 1, 1)", "BLANK"],
    ["YEAR(close_date)", "2024"],
    ["MONTH(close_date)", "1"],
    ["DAY(close_date)", "31"],
    ["WEEKDAY(close_date)", "3"],
    ["WEEKDAY(DATE(2026, 3, 15))", "7"],
    ["YEAR(BLANK)", "BLANK"],
    // 2026-03-14T16:30Z is already the 15th in Shanghai.
    ["DAY(created_at)", "15"],
    ["WEEKDAY(created_at)", "7"],
    ['DATEADD(close_date, 1, "month")', "2024-02-29"],
    ['DATEADD(close_date, 13, "month")', "2025-02-28"],
    ['DATEADD(DATE(2024, 2, 29), 1, "year")', "2025-02-28"],
    ['DATEADD(DATE(2024, 2, 29), 4, "year")', "2028-02-29"],
    ['DATEADD(close_date, -1, "quarter")', "2023-10-31"],
    ['DATEADD(close_date, 2, "week")', "2024-02-14"],
    ['DATEADD(close_date, 1.9, "day")', "2024-02-01"],
    ['DATEADD(close_date, -1.9, "Day")', "2024-01-30"],
    ['DATEADD(close_date, 100000, "year")', "BLANK"],
    ['DATEADD(DATE(9999, 12, 31), 1, "day")', "BLANK"],
    ['DATEADD(DATE(1, 1, 1), -1, "month")', "BLANK"],
    ['DATEADD(close_date, BLANK, "day")', "BLANK"],
    ['DATEADD(created_at, 2, "hour")', "2026-03-14T18:30:00.000Z"],
    ['DATEADD(created_at, -90, "minute")', "2026-03-14T15:00:00.000Z"],
    ['DATEADD(created_at, 1, "day")', "2026-03-15T16:30:00.000Z"],
    ['DATEADD(created_at, 999999999, "week")', "BLANK"],
    ['DATEDIF(close_date, TODAY(), "day")', "774"],
    ['DATEDIF(close_date, TODAY(), "week")', "110"],
    ['DATEDIF(close_date, TODAY(), "month")', "25"],
    ['DATEDIF(close_date, TODAY(), "quarter")', "8"],
    ['DATEDIF(close_date, TODAY(), "year")', "2"],
    ['DATEDIF(TODAY(), close_date, "month")', "-25"],
    ['DATEDIF(DATE(2024, 1, 31), DATE(2024, 2, 29), "month")', "0"],
    ['DATEDIF(DATE(2024, 2, 29), DATE(2025, 2, 28), "year")', "0"],
    ['DATEDIF(DATE(2024, 2, 29), DATE(2025, 3, 1), "year")', "1"],
    ['DATEDIF(BLANK, TODAY(), "day")', "BLANK"],
    ["EOMONTH(close_date)", "2024-01-31"],
    ["EOMONTH(close_date, 1)", "2024-02-29"],
    ["EOMONTH(close_date, -2)", "2023-11-30"],
    ["EOMONTH(DATE(9999, 12, 1), 1)", "BLANK"],
    ["EOMONTH(close_date, BLANK)", "BLANK"],
    ["NEXTANNIVERSARY(birthday)", "2027-02-28"],
    ["NEXTANNIVERSARY(DATE(2000, 3, 15))", "2026-03-15"],
    ["NEXTANNIVERSARY(DATE(2000, 3, 16))", "2026-03-16"],
    ["NEXTANNIVERSARY(DATE(2030, 1, 1))", "2030-01-01"],
    ["NEXTANNIVERSARY(BLANK)", "BLANK"],
  ])("%s → %s", (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it("reads TODAY from the context's zone and instant", () => {
    const leapDay = {
      now: new Date("2028-03-01T03:30:00Z"),
      today: "2028-02-29",
      timeZone: "America/New_York",
    };
    expect(run("TODAY()", undefined, leapDay)).toBe("2028-02-29");
    expect(run("NEXTANNIVERSARY(DATE(2024, 2, 29))", undefined, leapDay)).toBe("2028-02-29");
    expect(run("NEXTANNIVERSARY(DATE(2024, 2, 29))", undefined, context)).toBe("2027-02-28");
    expect(run("TEXT(created_at)", undefined, leapDay)).toBe("2026-03-14 12:30:00");
  });
});
