import { describe, expect, it } from "vitest";
import { dayKind, dayRuns, monthCells } from "./calendar-month.ts";

const MON_FRI = [1, 2, 3, 4, 5];

describe("month cells", () => {
  it("carry their weekdays: October 2026 begins on a Thursday and ends on a Saturday", () => {
    const cells = monthCells(2026, 10);
    expect(cells[0]).toEqual({ date: "2026-10-01", day: 1, weekday: 4 });
    expect(cells[4]).toMatchObject({ date: "2026-10-05", weekday: 1 });
    expect(cells.at(-1)).toEqual({ date: "2026-10-31", day: 31, weekday: 6 });
  });

  it("know February's length and a month that starts on Monday or Sunday", () => {
    expect(monthCells(2028, 2)).toHaveLength(29);
    expect(monthCells(2026, 2)).toHaveLength(28);
    expect(monthCells(2100, 2)).toHaveLength(28);
    expect(monthCells(2026, 6)[0]).toMatchObject({ date: "2026-06-01", weekday: 1 });
    expect(monthCells(2026, 3)[0]).toMatchObject({ date: "2026-03-01", weekday: 7 });
  });
});

describe("day kinds", () => {
  it("tell holidays, make-up days, weekends and working days apart", () => {
    expect(dayKind(4, { working: false }, MON_FRI)).toBe("holiday");
    expect(dayKind(6, { working: false }, MON_FRI)).toBe("holiday");
    expect(dayKind(6, { working: true }, MON_FRI)).toBe("make-up");
    expect(dayKind(3, { working: true }, MON_FRI)).toBe("working");
    expect(dayKind(7, undefined, MON_FRI)).toBe("weekend");
    expect(dayKind(1, undefined, MON_FRI)).toBe("working");
  });
});

describe("day runs", () => {
  it("join consecutive days with the same key, across a month's end, and split at a gap or another key", () => {
    const days = ["2026-09-30", "2026-10-01", "2026-10-02", "2026-10-04", "2026-10-05", "2026-10-10"].map(
      (date) => ({ date, key: date === "2026-10-10" ? "b" : "a" }),
    );
    expect(dayRuns(days, (day) => day.key).map((run) => run.map((day) => day.date.slice(5)))).toEqual([
      ["09-30", "10-01", "10-02"],
      ["10-04", "10-05"],
      ["10-10"],
    ]);
    expect(dayRuns([], () => "")).toEqual([]);
  });
});
