import { fromDayNumber, toDayNumber } from "./day-numbers.ts";
import { DEFAULT_WORKING_WEEKDAYS, type IsoWeekday, WeekdayRule } from "./weekday-rule.ts";

/** A day that is set explicitly: a holiday (`working: false`) or a make-up working day (调休, `working: true`). */
export interface CalendarDay {
  /** "YYYY-MM-DD". */
  date: string;
  working: boolean;
}

/**
 * Working days: the weekday rule (Monday–Friday by default) with exceptions — public holidays on weekdays,
 * make-up working days (调休) on weekends. Dates are plain "YYYY-MM-DD" strings; nothing here knows a time zone.
 *
 * Every answer is arithmetic on the running count of working days, `count(d)` = working days up to and
 * including d, computed from the weekday rule in O(1) plus a binary search over the exceptions that break it,
 * so a call costs the same for 2026 and for 2099 and the calendar stores only its exceptions.
 *
 * Counting from a day that is not a working day follows spreadsheets (WORKDAY, NETWORKDAYS) and pandas'
 * business-day offsets: the next working day is the first one counted, so 3 business days after a Saturday
 * and after the Friday before it are both the Wednesday. The result of `addBusinessDays` is always a working day.
 *
 * @example
 * const calendar = new BusinessCalendar([
 *   { date: "2026-10-01", working: false }, // 国庆节, a Thursday
 *   { date: "2026-10-10", working: true }, // 调休, a Saturday
 * ]);
 * calendar.isWorkingDay("2026-10-10"); // true
 * calendar.addBusinessDays("2026-09-30", 1); // "2026-10-02"
 */
export class BusinessCalendar {
  readonly #rule: WeekdayRule;
  /** Day numbers of the exceptions that differ from the rule, ascending. */
  readonly #days: Int32Array;
  /** `#shift[i]`: working days the exceptions up to `#days[i]` add (+1 each) or remove (−1 each). */
  readonly #shift: Int32Array;
  /** `#countAt[i]`: the running count of working days on `#days[i]`, non-decreasing. */
  readonly #countAt: Float64Array;

  constructor(days: Iterable<CalendarDay>, options: { workingWeekdays?: readonly IsoWeekday[] } = {}) {
    this.#rule = new WeekdayRule(options.workingWeekdays ?? DEFAULT_WORKING_WEEKDAYS);
    const exceptions = new Map<number, boolean>();
    for (const day of days) {
      const dayNumber = toDayNumber(day.date);
      // A holiday on a Sunday changes nothing: only the days that break the rule are kept.
      if (day.working === this.#rule.isWorking(dayNumber)) exceptions.delete(dayNumber);
      else exceptions.set(dayNumber, day.working);
    }
    const sorted = [...exceptions.keys()].sort((a, b) => a - b);
    this.#days = Int32Array.from(sorted);
    this.#shift = new Int32Array(sorted.length);
    this.#countAt = new Float64Array(sorted.length);
    let shift = 0;
    sorted.forEach((dayNumber, index) => {
      shift += exceptions.get(dayNumber) ? 1 : -1;
      this.#shift[index] = shift;
      this.#countAt[index] = this.#rule.countUpTo(dayNumber) + shift;
    });
  }

  /** How many days break the weekday rule. */
  get exceptionCount(): number {
    return this.#days.length;
  }

  isWorkingDay(date: string): boolean {
    return this.#isWorking(toDayNumber(date));
  }

  /**
   * The working day `n` business days after `date` (before it when `n` is negative). Counting starts at the
   * next working day either way: +1 from a Friday or a Saturday is the Monday, −1 from a Monday or a Sunday is
   * the Friday. `n = 0` gives `date` when it is a working day, else the next working day.
   *
   * @example
   * new BusinessCalendar([]).addBusinessDays("2026-01-03", 3); // a Saturday → "2026-01-07", a Wednesday
   */
  addBusinessDays(date: string, n: number): string {
    if (!Number.isSafeInteger(n)) throw new RangeError(`Business days must be a whole number, got ${n}`);
    const day = toDayNumber(date);
    const count = n > 0 ? this.#countUpTo(day) + n : this.#countUpTo(day - 1) + 1 + n;
    return fromDayNumber(this.#dayWithCount(count));
  }

  /**
   * Working days after `a` up to and including `b` when `b` is later; when `b` is earlier, minus the working
   * days from `b` up to but excluding `a`. For every working day `b`: `addBusinessDays(a, businessDaysBetween(a, b)) === b`.
   */
  businessDaysBetween(a: string, b: string): number {
    const from = toDayNumber(a);
    const to = toDayNumber(b);
    return to >= from
      ? this.#countUpTo(to) - this.#countUpTo(from)
      : this.#countUpTo(to - 1) - this.#countUpTo(from - 1);
  }

  /**
   * Every date `d` with `addBusinessDays(d, n) === target`, ascending: a working day and the days off next to
   * it (none when `target` is not a working day). It turns "3 business days before the end date is today" into
   * `end_date = ANY($dates)`, an indexed scan.
   *
   * @example
   * new BusinessCalendar([]).datesShiftedTo("2026-01-05", 1); // a Monday → ["2026-01-02", "2026-01-03", "2026-01-04"]
   */
  datesShiftedTo(target: string, n: number): string[] {
    if (!Number.isSafeInteger(n)) throw new RangeError(`Business days must be a whole number, got ${n}`);
    const day = toDayNumber(target);
    if (!this.#isWorking(day)) return [];
    const count = this.#countUpTo(day);
    // n > 0: the dates whose count is count − n, from that working day up to the next one (excluded).
    // n ≤ 0: the dates the day before which has that count, i.e. after one working day up to the next (included).
    const [first, last] =
      n > 0
        ? [this.#dayWithCount(count - n), this.#dayWithCount(count - n + 1) - 1]
        : [this.#dayWithCount(count - 1 - n) + 1, this.#dayWithCount(count - n)];
    const dates: string[] = [];
    for (let d = first; d <= last; d++) dates.push(fromDayNumber(d));
    return dates;
  }

  #isWorking(day: number): boolean {
    const index = this.#lastExceptionAtOrBefore(day);
    if (index >= 0 && this.#days[index] === day) return this.#shift[index]! > (this.#shift[index - 1] ?? 0);
    return this.#rule.isWorking(day);
  }

  /** The running count of working days up to and including `day`. */
  #countUpTo(day: number): number {
    const index = this.#lastExceptionAtOrBefore(day);
    return this.#rule.countUpTo(day) + (index >= 0 ? this.#shift[index]! : 0);
  }

  /**
   * The working day whose running count is `count`. Between two exceptions the count is the rule's plus a
   * constant shift, so the rule's inverse answers, unless the answer would reach the next exception — which
   * then is it (a make-up day; a holiday never carries the count past a value).
   */
  #dayWithCount(count: number): number {
    let low = 0;
    let high = this.#countAt.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#countAt[middle]! < count) low = middle + 1;
      else high = middle;
    }
    const before = low - 1;
    const candidate = this.#rule.dayWithCount(count - (before >= 0 ? this.#shift[before]! : 0));
    return low < this.#days.length && candidate >= this.#days[low]! ? this.#days[low]! : candidate;
  }

  /** Index of the last exception on or before `day`, −1 when none. */
  #lastExceptionAtOrBefore(day: number): number {
    let low = 0;
    let high = this.#days.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#days[middle]! <= day) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }
}
