import { describe, expect, it } from "vitest";
import { BusinessCalendar } from "./business-calendar.ts";

// The State Council's 2025 and 2026 schedules as the chinese-days package (1.5.7) ships them: every public
// holiday (weekends included) and every make-up working day (调休上班). The server loads the same data.
const HOLIDAYS = [
  ["2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02"],
  ["2025-02-03", "2025-02-04", "2025-04-04", "2025-04-05", "2025-04-06", "2025-05-01", "2025-05-02"],
  ["2025-05-03", "2025-05-04", "2025-05-05", "2025-05-31", "2025-06-01", "2025-06-02", "2025-10-01"],
  ["2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"],
  ["2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18"],
  ["2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23", "2026-04-04", "2026-04-05"],
  ["2026-04-06", "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05", "2026-06-19"],
  ["2026-06-20", "2026-06-21", "2026-09-25", "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02"],
  ["2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
].flat();
const MAKE_UP_DAYS = [
  ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
  ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
].flat();

const calendar = new BusinessCalendar([
  ...HOLIDAYS.map((date) => ({ date, working: false })),
  ...MAKE_UP_DAYS.map((date) => ({ date, working: true })),
]);

describe("China's 2026 National Day", () => {
  it("is off from 1 to 7 October, and Sunday 20 September and Saturday 10 October are worked (调休)", () => {
    for (let day = 1; day <= 7; day++) expect(calendar.isWorkingDay(`2026-10-0${day}`)).toBe(false);
    expect(calendar.isWorkingDay("2026-09-20")).toBe(true);
    expect(calendar.isWorkingDay("2026-10-10")).toBe(true);
    expect(calendar.isWorkingDay("2026-10-11")).toBe(false);
  });

  it("a business-day offset skips the holiday and counts the 调休 Saturday", () => {
    expect(calendar.addBusinessDays("2026-09-30", 1)).toBe("2026-10-08");
    expect(calendar.addBusinessDays("2026-09-30", 3)).toBe("2026-10-10");
    expect(calendar.addBusinessDays("2026-09-30", 4)).toBe("2026-10-12");
    expect(calendar.addBusinessDays("2026-10-12", -3)).toBe("2026-10-08");
    expect(calendar.addBusinessDays("2026-10-08", -1)).toBe("2026-09-30");
    expect(calendar.addBusinessDays("2026-10-03", 0)).toBe("2026-10-08");
    expect(calendar.businessDaysBetween("2026-09-30", "2026-10-12")).toBe(4);
    expect(calendar.addBusinessDays("2026-09-18", 1)).toBe("2026-09-20");
  });

  it("moves every reminder due inside the holiday to its last working day before", () => {
    // Contracts ending 1–8 October all get "1 business day before the end" on 30 September.
    expect(calendar.datesShiftedTo("2026-09-30", -1)).toEqual([
      "2026-10-01",
      "2026-10-02",
      "2026-10-03",
      "2026-10-04",
      "2026-10-05",
      "2026-10-06",
      "2026-10-07",
      "2026-10-08",
    ]);
    expect(calendar.datesShiftedTo("2026-10-05", -1)).toEqual([]);
    // On the 调休 Saturday, a reminder 1 business day before falls for contracts ending Sunday or Monday.
    expect(calendar.datesShiftedTo("2026-10-10", -1)).toEqual(["2026-10-11", "2026-10-12"]);
  });
});

describe("China's 2025 National Day and Mid-Autumn", () => {
  it("is off from 1 to 8 October, with Sunday 28 September and Saturday 11 October worked", () => {
    for (let day = 1; day <= 8; day++) expect(calendar.isWorkingDay(`2025-10-0${day}`)).toBe(false);
    expect(calendar.isWorkingDay("2025-09-28")).toBe(true);
    expect(calendar.isWorkingDay("2025-10-11")).toBe(true);
    expect(calendar.addBusinessDays("2025-09-26", 1)).toBe("2025-09-28");
    expect(calendar.addBusinessDays("2025-09-30", 1)).toBe("2025-10-09");
    expect(calendar.addBusinessDays("2025-09-30", 3)).toBe("2025-10-11");
  });
});

describe("whole years", () => {
  it("2025 and 2026 each have 248 working days", () => {
    expect(calendar.businessDaysBetween("2024-12-31", "2025-12-31")).toBe(248);
    expect(calendar.businessDaysBetween("2025-12-31", "2026-12-31")).toBe(248);
    expect(calendar.addBusinessDays("2024-12-31", 248)).toBe("2025-12-31");
  });

  it("Spring Festival 2026: the Saturdays before and after it are worked", () => {
    expect(calendar.isWorkingDay("2026-02-14")).toBe(true);
    expect(calendar.isWorkingDay("2026-02-28")).toBe(true);
    expect(calendar.addBusinessDays("2026-02-13", 1)).toBe("2026-02-14");
    expect(calendar.addBusinessDays("2026-02-14", 1)).toBe("2026-02-24");
  });
});
