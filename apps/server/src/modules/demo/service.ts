import type { DemoAccount } from "./accounts.ts";
import type { DemoDeal } from "./deals.ts";
import type { DemoContext, Values } from "./demo-context.ts";
import type { DemoUser } from "./org.ts";
import { ACTIVITY_SUBJECTS, TASK_SUBJECTS, TICKET_SUBJECTS } from "./words.ts";

const TICKET_TYPES = [
  ["complaint", 20],
  ["repair", 20],
  ["installation", 10],
  ["consultation", 25],
  ["return", 10],
  ["other", 15],
] as const;

/** Service tickets of customers that buy (a complaint among the first), each with a service engineer. */
export async function createTickets(ctx: DemoContext, accounts: DemoAccount[]): Promise<number> {
  const rng = ctx.rng("tickets");
  const tickets: Values[] = [];
  for (const account of accounts) {
    if (account.lifecycle === "prospect") continue;
    const count = rng.weighted([
      [0, 55],
      [1, 35],
      [2, 10],
    ] as const);
    for (let n = 0; n < count; n++) {
      const type = tickets.length === 0 ? "complaint" : rng.weighted(TICKET_TYPES);
      const status = rng.weighted([
        ["new", 2],
        ["in_progress", 3],
        ["waiting_customer", 1],
        ["resolved", 3],
        ["closed", 4],
      ] as const);
      const opened = -rng.between(0, 180);
      const done = status === "resolved" || status === "closed";
      tickets.push({
        subject: rng.pick(TICKET_SUBJECTS[type]!),
        owner_id: rng.pick(ctx.org.engineers).id,
        account: account.id,
        contact: rng.pick(account.contacts).id,
        type,
        priority:
          type === "complaint" ? rng.pick(["high", "urgent"]) : rng.pick(["low", "medium", "medium", "high"]),
        status,
        description: `客户反馈：${rng.pick(TICKET_SUBJECTS[type]!)}，请尽快跟进。`,
        resolution: done
          ? rng.pick(["已补发合格品", "现场返工完成", "已提供检测报告", "已与客户确认关闭"])
          : null,
        resolved_at: done
          ? ctx.calendar.at(Math.min(0, opened + rng.between(1, 10)), rng.between(9, 17))
          : null,
      });
    }
  }
  return (await ctx.write.create("ticket", tickets)).length;
}

/**
 * The follow-up around accounts: calls, visits, meetings and notes by the owner (and the CSMs' quarterly
 * visits for tier A), in the last four months, linked to a contact and often to an open deal.
 */
export async function createActivities(ctx: DemoContext, accounts: DemoAccount[], deals: DemoDeal[]) {
  const rng = ctx.rng("activities");
  const openDeals = new Map<string, DemoDeal[]>();
  for (const deal of deals)
    if (deal.stage !== "won" && deal.stage !== "lost")
      openDeals.set(deal.account.id, [...(openDeals.get(deal.account.id) ?? []), deal]);
  const activities: Values[] = [];
  for (const account of accounts) {
    const count =
      account.lifecycle === "churned"
        ? 1
        : account.lifecycle === "prospect"
          ? rng.between(1, 3)
          : rng.between(2, 6);
    const open = openDeals.get(account.id) ?? [];
    for (let n = 0; n < count; n++) {
      const csm = account.tier === "a" && n === 0 && account.lifecycle !== "prospect";
      const type = csm
        ? "visit"
        : rng.weighted([
            ["call", 5],
            ["visit", 2],
            ["meeting", 1],
            ["note", 2],
          ] as const);
      const owner: DemoUser = csm ? rng.pick(ctx.org.csms) : account.owner;
      activities.push({
        subject: csm ? "季度客户拜访" : rng.pick(ACTIVITY_SUBJECTS[type]),
        type,
        owner_id: owner.id,
        occurred_at: ctx.calendar.at(-rng.between(0, 120), rng.between(9, 17), rng.pick([0, 15, 30, 45])),
        notes:
          type === "note"
            ? null
            : rng.pick([
                "客户反馈积极",
                "需要补充技术资料",
                "对交期有顾虑",
                "价格仍有分歧",
                "下次带样品拜访",
              ]),
        account: account.id,
        contact: rng.pick(account.contacts).id,
        opportunity: open.length && rng.chance(0.6) ? rng.pick(open).id : null,
      });
    }
  }
  return (await ctx.write.create("activity", activities)).length;
}

/**
 * Tasks for the inbox: a next step for most open deals and, for every rep, one overdue, one due today and one
 * upcoming; a third of the past ones are done.
 */
export async function createTasks(ctx: DemoContext, accounts: DemoAccount[], deals: DemoDeal[]) {
  const rng = ctx.rng("tasks");
  const task = (owner: DemoUser, account: DemoAccount, due: number, deal: DemoDeal | null): Values => ({
    subject: rng.pick(TASK_SUBJECTS),
    owner_id: owner.id,
    assignee: owner.id,
    due_date: ctx.calendar.day(due),
    status: due < 0 && rng.chance(0.35) ? "done" : "open",
    priority: rng.weighted([
      ["low", 2],
      ["medium", 5],
      ["high", 2],
      ["urgent", 1],
    ] as const),
    account: account.id,
    opportunity: deal?.id ?? null,
    contact: rng.pick(account.contacts).id,
  });
  const tasks: Values[] = [];
  for (const deal of deals) {
    if (deal.stage === "won" || deal.stage === "lost" || !rng.chance(0.7)) continue;
    const due = rng.weighted([
      [-rng.between(1, 14), 3],
      [0, 1],
      [rng.between(1, 21), 5],
    ] as const);
    tasks.push(task(deal.account.owner, deal.account, due, deal));
  }
  const owned = new Map<string, DemoAccount[]>();
  for (const account of accounts)
    owned.set(account.owner.id, [...(owned.get(account.owner.id) ?? []), account]);
  for (const rep of Object.values(ctx.org.reps).flat()) {
    const mine = owned.get(rep.id);
    if (!mine) continue;
    for (const due of [-rng.between(1, 7), 0, rng.between(1, 10)])
      tasks.push({ ...task(rep, rng.pick(mine), due, null), status: "open" });
  }
  for (const account of accounts.filter((a) => a.tier === "a" && a.lifecycle !== "prospect")) {
    const csm = ctx.org.csms[accounts.indexOf(account) % ctx.org.csms.length]!;
    tasks.push({
      ...task(csm, account, rng.between(0, 90), null),
      subject: "季度回访（A 类客户）",
      status: "open",
    });
  }
  return (await ctx.write.create("task", tasks)).length;
}
