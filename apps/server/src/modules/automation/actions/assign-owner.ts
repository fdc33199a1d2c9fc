import type { ActionKind } from "./action-kind.ts";

/** The record gets an owner by its object's assignment rules; the run log shows the decision in words. */
export const assignOwner: ActionKind<"assign_owner"> = {
  check: () => ({ kind: "assign_owner" }),

  async run(ctx) {
    const [decision] = await ctx.assignment.assignWithin(ctx, ctx.automation.object, [ctx.recordId]);
    if (!decision) return { outcome: "skipped", note: { code: "no_rule_matched", params: {} } };
    const note = { code: "assigned", params: { summary: decision.summary } } as const;
    return { outcome: decision.user_id ? "done" : "skipped", note };
  },
};
