import type { Locale, Translatable } from "@keduo/core";
import { sql } from "kysely";
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
  const { rows } = await sql<{ id: string; name: string; email: string; locale: string | null }>`
    SELECT id, name, email, locale FROM ${sql.id(ctx.schemas.system, "users")}
    WHERE id = ANY(${ids}::uuid[])`.execute(ctx.trx);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ ...row, locale: row.locale === "en" ? ("en" as const) : ("zh-CN" as const) }] : [];
  });
}

export const recipientContext = (ctx: ActionContext): RecipientContext => ({
  trx: ctx.trx,
  schemas: ctx.schemas,
  snapshot: ctx.snapshot,
  directory: ctx.directory,
  object: ctx.automation.object,
  record: ctx.record,
});
