import { CronExpressionParser } from "cron-parser";

/** Why a cron expression does not parse, or null when it does (five fields: minute hour day month weekday). */
export function cronProblem(expression: string): string | null {
  if (expression.trim().split(/\s+/).length !== 5) return "five fields expected";
  try {
    CronExpressionParser.parse(expression, { strict: false });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The last tick at or before `now` in the time zone, or null for an expression that does not parse. */
export function lastTick(expression: string, now: Date, timeZone: string): Date | null {
  try {
    // currentDate is exclusive for prev(): a tick exactly at `now` counts, so ask from a millisecond later.
    const ticks = CronExpressionParser.parse(expression, {
      currentDate: new Date(now.getTime() + 1),
      tz: timeZone,
    });
    return ticks.prev().toDate();
  } catch {
    return null;
  }
}
