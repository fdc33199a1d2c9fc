import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BusinessCalendar, type CalendarDay } from "./business-calendar.ts";
import { fromDayNumber, isoWeekdayOf, toDayNumber } from "./day-numbers.ts";
import type { IsoWeekday } from "./weekday-rule.ts";

/** The definitions walked day by day: what the calendar's arithmetic must agree with. */
class SteppingCalendar {
  readonly #exceptions: Map<number, boolean>;
  readonly #weekdays: readonly IsoWeekday[];

  constructor(days: CalendarDay[], weekdays: readonly IsoWeekday[]) {
    this.#exceptions = new Map(days.map((day) => [toDayNumber(day.date), day.working]));
    this.#weekdays = weekdays;
  }

  isWorking(day: number): boolean {
    return this.#exceptions.get(day) ?? this.#weekdays.includes(isoWeekdayOf(day) as IsoWeekday);
  }

  add(date: string, n: number): string {
    let day = toDayNumber(date);
    if (n === 0) {
      while (!this.isWorking(day)) day++;
      return fromDayNumber(day);
    }
    const step = Math.sign(n);
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (this.isWorking(day)) left--;
    }
    return fromDayNumber(day);
  }

  between(a: string, b: string): number {
    const [from, to] = [toDayNumber(a), toDayNumber(b)];
    let count = 0;
    if (to >= from) for (let day = from + 1; day <= to; day++) count += this.isWorking(day) ? 1 : 0;
    else for (let day = to; day < from; day++) count -= this.isWorking(day) ? 1 : 0;
    return count;
  }
}

const week = (...days: IsoWeekday[]) => days;
const holiday = (date: string): CalendarDay => ({ date, working: false });
const makeUp = (date: string): CalendarDay => ({ date, working: true });

describe("a calendar with the default rule only", () => {
  const calendar = new BusinessCalendar([]);

  it("works Monday to Friday", () => {
    // 2026-01-05 is a Monday.
    const days = ["05", "06", "07", "08", "09", "10", "11"].map((d) => calendar.isWorkingDay(`2026-01-${d}`));
    expect(days).toEqual([true, true, true, true, true, false, false]);
  });

  it("counts from the next working day when the start is a day off: 3 after a Saturday is the Wednesday", () => {
    expect(calendar.addBusinessDays("2026-01-10", 3)).toBe("2026-01-14");
    expect(calendar.addBusinessDays("2026-01-09", 3)).toBe("2026-01-14");
    expect(calendar.addBusinessDays("2026-01-10", 1)).toBe("2026-01-12");
    expect(calendar.addBusinessDays("2026-01-11", -1)).toBe("2026-01-09");
    expect(calendar.addBusinessDays("2026-01-12", -1)).toBe("2026-01-09");
  });

  it("gives the day itself for 0 on a working day and the next working day on a day off", () => {
    expect(calendar.addBusinessDays("2026-01-07", 0)).toBe("2026-01-07");
    expect(calendar.addBusinessDays("2026-01-10", 0)).toBe("2026-01-12");
  });

  it("crosses weeks, months and years both ways", () => {
    expect(calendar.addBusinessDays("2026-01-05", 10)).toBe("2026-01-19");
    expect(calendar.addBusinessDays("2025-12-31", 1)).toBe("2026-01-01");
    expect(calendar.addBusinessDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(calendar.addBusinessDays("2026-01-05", -260)).toBe("2025-01-06");
    expect(calendar.addBusinessDays("1969-12-29", 3)).toBe("1970-01-01");
  });

  it("counts working days after a up to b, negative backwards", () => {
    expect(calendar.businessDaysBetween("2026-01-09", "2026-01-12")).toBe(1);
    expect(calendar.businessDaysBetween("2026-01-10", "2026-01-14")).toBe(3);
    expect(calendar.businessDaysBetween("2026-01-12", "2026-01-09")).toBe(-1);
    expect(calendar.businessDaysBetween("2026-01-07", "2026-01-07")).toBe(0);
    expect(calendar.businessDaysBetween("2026-01-10", "2026-01-11")).toBe(0);
  });

  it("finds the dates that land on a target: a Monday is one business day after Friday, Saturday and Sunday", () => {
    expect(calendar.datesShiftedTo("2026-01-12", 1)).toEqual(["2026-01-09", "2026-01-10", "2026-01-11"]);
    expect(calendar.datesShiftedTo("2026-01-13", 1)).toEqual(["2026-01-12"]);
    expect(calendar.datesShiftedTo("2026-01-09", -1)).toEqual(["2026-01-10", "2026-01-11", "2026-01-12"]);
    expect(calendar.datesShiftedTo("2026-01-12", 0)).toEqual(["2026-01-10", "2026-01-11", "2026-01-12"]);
    expect(calendar.datesShiftedTo("2026-01-10", 1)).toEqual([]);
  });

  it("refuses dates that are not YYYY-MM-DD, fractional days and results past 9999", () => {
    expect(() => calendar.isWorkingDay("2026-02-30")).toThrow(RangeError);
    expect(() => calendar.addBusinessDays("2026/01/05", 1)).toThrow(RangeError);
    expect(() => calendar.addBusinessDays("2026-01-05", 1.5)).toThrow(RangeError);
    expect(() => calendar.datesShiftedTo("2026-01-05", Number.NaN)).toThrow(RangeError);
    expect(() => calendar.addBusinessDays("9999-12-31", 1)).toThrow(RangeError);
  });
});

describe("exceptions", () => {
  it("make a weekday a holiday and a weekend day a working day; the last word on a date wins", () => {
    const calendar = new BusinessCalendar([
      holiday("2026-01-07"),
      makeUp("2026-01-10"),
      holiday("2026-01-08"),
      makeUp("2026-01-08"),
    ]);
    expect(calendar.isWorkingDay("2026-01-07")).toBe(false);
    expect(calendar.isWorkingDay("2026-01-08")).toBe(true);
    expect(calendar.isWorkingDay("2026-01-10")).toBe(true);
    expect(calendar.addBusinessDays("2026-01-06", 1)).toBe("2026-01-08");
    expect(calendar.addBusinessDays("2026-01-09", 1)).toBe("2026-01-10");
    expect(calendar.exceptionCount).toBe(2);
  });

  it("that agree with the rule (a holiday on a Sunday) are not kept", () => {
    expect(new BusinessCalendar([holiday("2026-01-11"), makeUp("2026-01-12")]).exceptionCount).toBe(0);
  });

  it("may follow another working week", () => {
    const sixDays = new BusinessCalendar([], { workingWeekdays: week(1, 2, 3, 4, 5, 6) });
    expect(sixDays.addBusinessDays("2026-01-09", 1)).toBe("2026-01-10");
    expect(() => new BusinessCalendar([], { workingWeekdays: [] })).toThrow(RangeError);
  });
});

const anyDate = fc
  .integer({ min: toDayNumber("2025-09-01"), max: toDayNumber("2026-01-31") })
  .map((day) => fromDayNumber(day));
const anyWeek = fc
  .subarray([1, 2, 3, 4, 5, 6, 7] as IsoWeekday[], { minLength: 1 })
  .chain((days) => fc.constantFrom(days, week(1, 2, 3, 4, 5)));
const anyDays = fc.array(fc.record({ date: anyDate, working: fc.boolean() }), { maxLength: 60 });
const anyN = fc.integer({ min: -30, max: 30 });

describe("against the definitions walked day by day", () => {
  it("isWorkingDay, addBusinessDays and businessDaysBetween agree", () => {
    fc.assert(
      fc.property(anyDays, anyWeek, anyDate, anyDate, anyN, (days, weekdays, a, b, n) => {
        const calendar = new BusinessCalendar(days, { workingWeekdays: weekdays });
        const reference = new SteppingCalendar(days, weekdays);
        expect(calendar.isWorkingDay(a)).toBe(reference.isWorking(toDayNumber(a)));
        expect(calendar.addBusinessDays(a, n)).toBe(reference.add(a, n));
        expect(calendar.businessDaysBetween(a, b)).toBe(reference.between(a, b));
      }),
      { numRuns: 2_000 },
    );
  });

  it("the result is a working day, and counting back to a working day returns to it", () => {
    fc.assert(
      fc.property(anyDays, anyDate, anyDate, anyN, (days, a, b, n) => {
        const calendar = new BusinessCalendar(days);
        expect(calendar.isWorkingDay(calendar.addBusinessDays(a, n))).toBe(true);
        if (calendar.isWorkingDay(b))
          expect(calendar.addBusinessDays(a, calendar.businessDaysBetween(a, b))).toBe(b);
      }),
      { numRuns: 1_000 },
    );
  });

  it("datesShiftedTo gives exactly the dates that addBusinessDays takes to the target", () => {
    fc.assert(
      fc.property(anyDays, anyWeek, anyDate, anyN, (days, weekdays, target, n) => {
        const calendar = new BusinessCalendar(days, { workingWeekdays: weekdays });
        const around = toDayNumber(target);
        const expected: string[] = [];
        for (let day = around - 400; day <= around + 400; day++) {
          if (calendar.addBusinessDays(fromDayNumber(day), n) === target) expected.push(fromDayNumber(day));
        }
        expect(calendar.datesShiftedTo(target, n)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
