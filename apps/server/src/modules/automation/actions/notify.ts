import { resolveRecipients } from "../recipients.ts";
import type { ActionKind } from "./action-kind.ts";
import { contacts, fill, fillBoth, recipientContext } from "./action-text.ts";

/**
 * In-app notifications to everyone the recipients stand for (each once), and by email when asked, in each
 * recipient's language. Keys from the run and the action make a repeated run notify and mail nobody twice.
 */
export const notify: ActionKind<"notify"> = {
  check(check, path, action) {
    const recipients = Array.isArray(action.recipients) ? action.recipients : [];
    if (recipients.length === 0) check.problem(`${path}.recipients`, "required");
    return {
      kind: "notify",
      recipients: recipients.map((r, i) => check.recipient(`${path}.recipients.${i}`, r)),
      title: check.text(`${path}.title`, action.title),
      body: check.text(`${path}.body`, action.body),
      email: action.email === true,
    };
  },

  async run(ctx, action) {
    const key = `${ctx.runId}.${ctx.actionIndex}`;
    const ids = await resolveRecipients(recipientContext(ctx), action.recipients);
    if (ids.length === 0) return { outcome: "skipped", note: { code: "no_recipients", params: {} } };
    const created = await ctx.notifications.notify(ctx.trx, {
      recipients: ids,
      title: fillBoth(ctx, action.title),
      body: fillBoth(ctx, action.body),
      link: { object: ctx.automation.object, recordId: ctx.recordId },
      source: { kind: "automation", runId: ctx.runId, action: ctx.actionIndex },
      dedupeKey: key,
    });
    const people = await contacts(ctx, ids);
    let email: "off" | "queued" | "not_configured" = "off";
    if (action.email && !ctx.mail.configured) email = "not_configured";
    else if (action.email) {
      email = "queued";
      for (const person of people)
        await ctx.mail.enqueue(ctx.trx, {
          to: [{ email: person.email, name: person.name }],
          subject: fill(ctx, action.title, person.locale),
          text: fill(ctx, action.body, person.locale),
          messageKey: `${key}.${person.id}`,
        });
    }
    const names = people.map((p) => p.name);
    const params = { count: created, names, email, emails: email === "queued" ? people.length : 0 };
    return { outcome: "done", note: { code: "notified", params } };
  },
};
