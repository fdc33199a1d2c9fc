import type { Clock } from "../time/clock.ts";
import { zonedDate } from "../time/zoned.ts";

/**
 * What TODAY() and NOW() mean: one instant from the server clock and the organisation's time zone.
 * The evaluator reads it directly; the SQL compiler passes it as bind parameters, never now().
 */
export interface FormulaContext {
  readonly now: Date;
  /** The calendar date of `now` in `timeZone`. */
  readonly today: string;
  /** IANA name, e.g. "Asia/Shanghai"; YEAR, TEXT … of a datetime are read in this zone. */
  readonly timeZone: string;
}

export function createFormulaContext(clock: Clock, timeZone: string): FormulaContext {
  const now = clock.now();
  return { now, today: zonedDate(now, timeZone), timeZone };
}
