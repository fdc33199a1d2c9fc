import { addDays } from "@keduo/core";
import { resolveRecipient } from "../recipients.ts";
import type { ActionContext, ActionKind } from "./action-kind.ts";
import { contacts, fill, recipientContext } from "./action-text.ts";

/** The object tasks are created in, and the fields a task action fills (the CRM template's `task`). */
export const TASK_OBJECT = { object: "task", subject: "subject", assignee: "assignee", due: "due_date" };

/** The task's relations to the record, and to what the record itself relates to (a contract's account). */
function taskLinks(ctx: ActionContext): Record<string, string> {
  const links: Record<string, string> = {};
  const task = ctx.snapshot.objects.get(TASK_OBJECT.object);
  const source = ctx.snapshot.objects.get(ctx.automation.object);
  const targetOf = (config: unknown) =>
    (config as { relation?: { target?: string; cardinality?: string } }).relation;
  for (const field of task?.fields ?? []) {
    const relation = targetOf(field.config);
    if (field.type !== "relation" || !relation?.target || relation.cardinality === "many_to_many") continue;
    if (relation.target === ctx.automation.object) links[field.apiName] = ctx.recordId;
    else {
      const via = source?.fields.find(
        (f) => f.type === "relation" && targetOf(f.config)?.target === relation.target,
      );
      const id = via ? ctx.record[via.apiName] : null;
      if (typeof id === "string") links[field.apiName] = id;
    }
  }
  return links;
}

/** A to-do for one person (the owner, a manager, a role's first member…), linked to the record. */
export const createTask: ActionKind<"create_task"> = {
  check(check, path, action) {
    const task = check.context.snapshot.objects.get(TASK_OBJECT.object);
    const needed = [TASK_OBJECT.subject, TASK_OBJECT.assignee, TASK_OBJECT.due];
    if (!task || needed.some((name) => !task.fields.some((f) => f.apiName === name)))
      check.problem(path, "automation_task_object", {
        object: TASK_OBJECT.object,
        fields: needed.join(", "),
      });
    const days = action.due_in_days ?? 1;
    if (!Number.isInteger(days) || days < 0 || days > 3650)
      check.problem(`${path}.due_in_days`, "out_of_range", { min: 0, max: 3650 });
    return {
      kind: "create_task",
      subject: check.text(`${path}.subject`, action.subject),
      assignee: check.recipient(`${path}.assignee`, action.assignee),
      due_in_days: days,
      business_days: action.business_days === true,
      ...(action.description ? { description: check.text(`${path}.description`, action.description) } : {}),
    };
  },

  async run(ctx, action) {
    const [assignee] = await resolveRecipient(recipientContext(ctx), action.assignee);
    if (!assignee)
      return {
        outcome: "skipped",
        note: { code: "no_assignee", params: { recipient: action.assignee.kind } },
      };
    const [person] = await contacts(ctx, [assignee]);
    const locale = person?.locale ?? "zh-CN";
    const days = action.due_in_days ?? 1;
    const due = action.business_days
      ? (await ctx.calendar.load(ctx.trx)).addBusinessDays(ctx.today, days)
      : addDays(ctx.today, days);
    const values: Record<string, unknown> = {
      ...taskLinks(ctx),
      [TASK_OBJECT.subject]: fill(ctx, action.subject, locale),
      [TASK_OBJECT.assignee]: assignee,
      [TASK_OBJECT.due]: due,
      owner_id: assignee,
    };
    if (action.description) values.description = fill(ctx, action.description, locale);
    const [task] = await ctx.writes.create(TASK_OBJECT.object, [values]);
    return {
      outcome: "done",
      note: {
        code: "task_created",
        params: { task: String(task?.id), assignee, name: person?.name ?? null, due },
      },
    };
  },
};
