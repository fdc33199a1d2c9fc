import type { Locale, Translatable } from "@keduo/core";
import type { RecipientContext } from "../recipients.ts";
import { fillTemplate } from "../text-template.ts";
import type { ActionContext } from "./action-kind.ts";

/** A text with `{{field}}` filled from the record, in one language. */
export const fill = (ctx: ActionContext, text: Translatable, locale: Locale) =>
  fillTemplate(text[locale], (name) => ctx.display(name, locale));

export const fillBoth = (ctx: ActionContext, text: Translatable): Translatable => ({
  "zh-CN": fill(ctx, text, "zh-CN"),
  en: fill(ctx, text, "en"),
});

export interface UserContact {
  id: string;
  name: string;
  email: string;
  locale: Locale;
}

/** Names, addresses and languages of users, in the order asked. */
export async function contacts(ctx: ActionContext, ids: string[]): Promise<UserContact[]> {
  if (ids.length === 0) return [];
  const byId = await ctx.people.get(ids);
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const locale = row.locale === "en" ? ("en" as const) : ("zh-CN" as const);
    return [{ id: row.id, name: row.name, email: row.email, locale }];
  });
}

export const recipientContext = (ctx: ActionContext): RecipientContext => ({
  trx: ctx.trx,
  schemas: ctx.schemas,
  snapshot: ctx.snapshot,
  directory: ctx.directory,
  object: ctx.automation.object,
  record: ctx.record,
  people: ctx.people,
});
