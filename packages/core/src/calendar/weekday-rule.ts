import { isoWeekdayOf } from "./day-numbers.ts";

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The default rule of a working week: Monday to Friday work, Saturday and Sunday off. */
export const DEFAULT_WORKING_WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

/** A Monday (1970-01-05): weeks are counted from it, so a week's days are offsets 0 (Mon) … 6 (Sun). */
const ANCHOR_MONDAY = 4;

/**
 * The working week as closed-form arithmetic: how many rule-working days there are up to a day (a running
 * count with an arbitrary origin; only differences mean anything), and the inverse. Both are O(1), so the
 * calendar needs to store only the days that break the rule.
 */
export class WeekdayRule {
  readonly #working: readonly boolean[];
  /** `#upTo[i]`: rule-working days among week offsets 0…i. */
  readonly #upTo: readonly number[];
  readonly #perWeek: number;
  /** `#nth[j]`: the week offset of the week's (j+1)-th working day. */
  readonly #nth: readonly number[];

  constructor(workingWeekdays: readonly IsoWeekday[]) {
    const working = [1, 2, 3, 4, 5, 6, 7].map((weekday) => workingWeekdays.includes(weekday as IsoWeekday));
    if (!working.some(Boolean)) throw new RangeError("A working week needs at least one working weekday");
    let running = 0;
    this.#upTo = working.map((isWorking) => (running += isWorking ? 1 : 0));
    this.#working = working;
    this.#perWeek = running;
    this.#nth = working.flatMap((isWorking, offset) => (isWorking ? [offset] : []));
  }

  isWorking(dayNumber: number): boolean {
    return this.#working[isoWeekdayOf(dayNumber) - 1]!;
  }

  /** The running count of rule-working days up to and including `dayNumber`. */
  countUpTo(dayNumber: number): number {
    const offset = dayNumber - ANCHOR_MONDAY;
    const weeks = Math.floor(offset / 7);
    return weeks * this.#perWeek + this.#upTo[offset - weeks * 7]!;
  }

  /** The rule-working day whose running count is `count` (the inverse of `countUpTo` on working days). */
  dayWithCount(count: number): number {
    const weeks = Math.floor((count - 1) / this.#perWeek);
    const within = count - weeks * this.#perWeek;
    return ANCHOR_MONDAY + weeks * 7 + this.#nth[within - 1]!;
  }
}
