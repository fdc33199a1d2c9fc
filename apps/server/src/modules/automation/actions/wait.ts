import { addDays, startOfZonedDay } from "@keduo/core";
import type { ActionKind } from "./action-kind.ts";

/**
 * A pause between actions ("send the welcome email, then call two business days later"): the run waits on a
 * business-clock timer and goes on at the same time of day, `days` (business) days later.
 */
export const wait: ActionKind<"wait"> = {
  check(check, path, action) {
    const days = action.days;
    if (!Number.isInteger(days) || days < 1 || days > 3650)
      check.problem(`${path}.days`, "out_of_range", { min: 1, max: 3650 });
    return { kind: "wait", days, business_days: action.business_days === true };
  },

  async run(ctx, action) {
    const day = action.business_days
      ? (await ctx.calendar.load(ctx.trx)).addBusinessDays(ctx.today, action.days)
      : addDays(ctx.today, action.days);
    // The same time of day as now, on that day in the organisation's time zone.
    const sinceMidnight = ctx.now.getTime() - startOfZonedDay(ctx.today, ctx.timeZone).getTime();
    const resumeAt = new Date(startOfZonedDay(day, ctx.timeZone).getTime() + sinceMidnight);
    const note = { code: "waiting_until", params: { until: resumeAt.toISOString() } } as const;
    return { outcome: "done", note, resumeAt };
  },
};
