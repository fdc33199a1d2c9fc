import {
  type AutomationAction,
  type AutomationDefinition,
  addDays,
  type Locale,
  type MetadataSnapshot,
  type Translatable,
  type ValueSource,
} from "@keduo/core";
import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import type { DirectoryService } from "../access/index.ts";
import type { ActingWrites } from "../records/index.ts";
import { TASK_OBJECT } from "./automation-check.ts";
import { evaluateOnRecord } from "./formula-values.ts";
import type { CalendarPort, MailPort, NotificationPort } from "./ports.ts";
import { checkReadCondition } from "./read-condition.ts";
import { resolveRecipient, resolveRecipients } from "./recipients.ts";
import type { DisplayValue } from "./record-display.ts";
import { fillTemplate } from "./text-template.ts";

/** Everything one action of one run sees; `trx` is the action's own transaction. */
export interface ActionContext {
  trx: Trx;
  schemas: Schemas;
  snapshot: MetadataSnapshot;
  timeZone: string;
  now: Date;
  today: string;
  runId: string;
  actionIndex: number;
  automation: AutomationDefinition;
  record: Record<string, unknown>;
  recordId: string;
  display: DisplayValue;
  writes: ActingWrites;
  directory: DirectoryService;
  notifications: NotificationPort;
  mail: MailPort;
  calendar: CalendarPort;
}

/** What an action did, in words for the run log; a `skipped` action had nothing to do (no recipient…). */
export interface ActionResult {
  outcome: "done" | "skipped";
  detail: string;
}

const fill = (ctx: ActionContext, text: Translatable, locale: Locale) =>
  fillTemplate(text[locale], (name) => ctx.display(name, locale));

const fillBoth = (ctx: ActionContext, text: Translatable): Translatable => ({
  "zh-CN": fill(ctx, text, "zh-CN"),
  en: fill(ctx, text, "en"),
});

interface UserContact {
  id: string;
  name: string;
  email: string;
  locale: Locale;
}

async function contacts(ctx: ActionContext, ids: string[]): Promise<UserContact[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: string; name: string; email: string; locale: string | null }>`
    SELECT id, name, email, locale FROM ${sql.id(ctx.schemas.system, "users")}
    WHERE id = ANY(${ids}::uuid[])`.execute(ctx.trx);
  return rows.map((row) => ({ ...row, locale: row.locale === "en" ? "en" : "zh-CN" }));
}

const recipientContext = (ctx: ActionContext) => ({
  trx: ctx.trx,
  schemas: ctx.schemas,
  snapshot: ctx.snapshot,
  directory: ctx.directory,
  object: ctx.automation.object,
  record: ctx.record,
});

/** The values an action writes, in API form, from the record it runs on. */
async function valuesFrom(ctx: ActionContext, sources: Record<string, ValueSource>) {
  const values: Record<string, unknown> = {};
  const formulas: Array<[string, string]> = [];
  for (const [name, source] of Object.entries(sources)) {
    if ("value" in source) values[name] = source.value;
    else if ("copy" in source) values[name] = ctx.record[source.copy] ?? null;
    else if ("text" in source) values[name] = fill(ctx, { "zh-CN": source.text, en: source.text }, "zh-CN");
    else formulas.push([name, source.formula]);
  }
  const checked = formulas.map(([name, formula]) => {
    const result = checkReadCondition(ctx.snapshot, ctx.automation.object, formula, { expectBoolean: false });
    if (!result.ok) throw new Error(`the formula for ${name} no longer checks: ${result.errors[0]?.code}`);
    return result.formula;
  });
  const results = await evaluateOnRecord(ctx.trx, ctx, ctx.automation.object, ctx.recordId, checked);
  formulas.forEach(([name], i) => {
    values[name] = results[i];
  });
  return values;
}

/** The task's relations to the record, and to what the record itself relates to (a contract's account). */
function taskLinks(ctx: ActionContext): Record<string, string> {
  const links: Record<string, string> = {};
  const task = ctx.snapshot.objects.get(TASK_OBJECT.object);
  const source = ctx.snapshot.objects.get(ctx.automation.object);
  for (const field of task?.fields ?? []) {
    const target = (field.config as { relation?: { target?: string; cardinality?: string } }).relation;
    if (field.type !== "relation" || !target?.target || target.cardinality === "many_to_many") continue;
    if (target.target === ctx.automation.object) links[field.apiName] = ctx.recordId;
    else {
      const via = source?.fields.find(
        (f) =>
          f.type === "relation" &&
          (f.config as { relation?: { target?: string } }).relation?.target === target.target,
      );
      const id = via ? ctx.record[via.apiName] : null;
      if (typeof id === "string") links[field.apiName] = id;
    }
  }
  return links;
}

export async function runAction(ctx: ActionContext, action: AutomationAction): Promise<ActionResult> {
  const link = { object: ctx.automation.object, recordId: ctx.recordId };
  const key = `${ctx.runId}.${ctx.actionIndex}`;
  switch (action.kind) {
    case "create_task": {
      const [assignee] = await resolveRecipient(recipientContext(ctx), action.assignee);
      if (!assignee) return { outcome: "skipped", detail: `no assignee (${action.assignee.kind})` };
      const [person] = await contacts(ctx, [assignee]);
      const days = action.due_in_days ?? 1;
      const due = action.business_days
        ? (await ctx.calendar.load(ctx.trx)).addBusinessDays(ctx.today, days)
        : addDays(ctx.today, days);
      const values: Record<string, unknown> = {
        ...taskLinks(ctx),
        [TASK_OBJECT.subject]: fill(ctx, action.subject, person?.locale ?? "zh-CN"),
        [TASK_OBJECT.assignee]: assignee,
        [TASK_OBJECT.due]: due,
        owner_id: assignee,
      };
      if (action.description) values.description = fill(ctx, action.description, person?.locale ?? "zh-CN");
      const [task] = await ctx.writes.create(TASK_OBJECT.object, [values]);
      return {
        outcome: "done",
        detail: `task ${String(task?.id)} for ${person?.name ?? assignee}, due ${due}`,
      };
    }
    case "notify": {
      const ids = await resolveRecipients(recipientContext(ctx), action.recipients);
      if (ids.length === 0) return { outcome: "skipped", detail: "no recipients" };
      const created = await ctx.notifications.notify(ctx.trx, {
        recipients: ids,
        title: fillBoth(ctx, action.title),
        body: fillBoth(ctx, action.body),
        link,
        source: { kind: "automation", runId: ctx.runId, action: ctx.actionIndex },
        dedupeKey: key,
      });
      const people = await contacts(ctx, ids);
      let emailed = "";
      if (action.email) {
        if (!ctx.mail.configured) emailed = "; email not configured";
        else {
          for (const person of people)
            await ctx.mail.enqueue(ctx.trx, {
              to: [{ email: person.email, name: person.name }],
              subject: fill(ctx, action.title, person.locale),
              text: fill(ctx, action.body, person.locale),
              messageKey: `${key}.${person.id}`,
            });
          emailed = `; ${people.length} emails queued`;
        }
      }
      return {
        outcome: "done",
        detail: `${created} notified: ${people.map((p) => p.name).join(", ")}${emailed}`,
      };
    }
    case "send_email": {
      const address = ctx.record[action.to_field];
      if (typeof address !== "string" || !address)
        return { outcome: "skipped", detail: `no ${action.to_field}` };
      if (!ctx.mail.configured) return { outcome: "skipped", detail: "email not configured" };
      await ctx.mail.enqueue(ctx.trx, {
        to: [{ email: address }],
        subject: fill(ctx, action.subject, "zh-CN"),
        text: fill(ctx, action.body, "zh-CN"),
        messageKey: key,
      });
      return { outcome: "done", detail: `email to ${address} queued` };
    }
    case "update_fields": {
      const values = await valuesFrom(ctx, action.values);
      await ctx.writes.update(ctx.automation.object, [{ id: ctx.recordId, values }]);
      return { outcome: "done", detail: `updated ${Object.keys(values).join(", ")}` };
    }
    case "create_record": {
      const values = await valuesFrom(ctx, action.values);
      const [created] = await ctx.writes.create(action.object, [values]);
      return { outcome: "done", detail: `${action.object} ${String(created?.id)} created` };
    }
  }
}
