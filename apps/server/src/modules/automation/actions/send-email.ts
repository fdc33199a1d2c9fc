import type { ActionKind } from "./action-kind.ts";
import { fill } from "./action-text.ts";

/** An email to an address the record holds (a contact's birthday greeting), in the organisation's language. */
export const sendEmail: ActionKind<"send_email"> = {
  check(check, path, action) {
    check.fieldOfType(`${path}.to_field`, action.to_field, ["email"], "field_not_email");
    return {
      kind: "send_email",
      to_field: action.to_field,
      subject: check.text(`${path}.subject`, action.subject),
      body: check.text(`${path}.body`, action.body),
    };
  },

  async run(ctx, action) {
    const address = ctx.record[action.to_field];
    if (typeof address !== "string" || !address)
      return { outcome: "skipped", detail: `no ${action.to_field}` };
    if (!ctx.mail.configured) return { outcome: "skipped", detail: "email not configured" };
    await ctx.mail.enqueue(ctx.trx, {
      to: [{ email: address }],
      subject: fill(ctx, action.subject, "zh-CN"),
      text: fill(ctx, action.body, "zh-CN"),
      messageKey: `${ctx.runId}.${ctx.actionIndex}`,
    });
    return { outcome: "done", detail: `email to ${address} queued` };
  },
};
