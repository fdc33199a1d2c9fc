import type { ApiClient } from "./api-client.ts";

// The rep's day on the CRM template: a rep (sales_rep role) with an account already in the system, a lead for
// the same company (a duplicate to attach to), a second lead, and tasks due overdue, today, later and never.

export const REP = { email: "liu@keduo.e2e", password: "password-123", name: "销售小刘" };
export const ACCOUNT = "苏州精密机械有限公司";

/** A calendar date `days` from today in the organisation's time zone (Asia/Shanghai), as the server reads "today". */
export function dayFromToday(days: number): string {
  const shanghai = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const date = new Date(`${shanghai}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface RepDay {
  rep: string;
  account: string;
  lead: string;
  secondLead: string;
  tasks: Record<"overdue" | "today" | "later" | "undated", string>;
}

const create = async (api: ApiClient, object: string, values: object) =>
  (await api.request<{ id: string }>("POST", `/api/records/${object}`, values)).id;

export async function prepareRepDay(admin: ApiClient, rep: ApiClient): Promise<RepDay> {
  const me = await rep.request<{ user: { id: string } }>("GET", "/api/auth/me");
  const repId = me.user.id;
  const account = await create(rep, "account", { name: ACCOUNT, phone: "0512-66880000" });
  const lead = await create(rep, "lead", {
    company: "苏州精密机械",
    contact_name: "王强",
    job_title: "采购经理",
    phone: "13800138000",
    email: "wang.qiang@jingmi.cn",
    requirements: "数控主轴 200 套，下月打样",
  });
  const secondLead = await create(rep, "lead", {
    company: "Ningbo Mould Co., Ltd.",
    contact_name: "Chen Jing",
    email: "chen@ningbo-mould.cn",
  });
  const task = (values: object) => create(rep, "task", { assignee: repId, ...values });
  const tasks = {
    overdue: await task({
      subject: "回电确认样品交期",
      due_date: dayFromToday(-2),
      priority: "high",
      account,
    }),
    today: await task({ subject: "拜访王强，演示样品", due_date: dayFromToday(0), priority: "urgent", lead }),
    later: await task({ subject: "准备报价单", due_date: dayFromToday(3), priority: "medium", account }),
    undated: await task({ subject: "整理展会名片", priority: "low" }),
  };
  // Someone else's task due today: not in the rep's inbox.
  await create(admin, "task", { subject: "管理员的待办", due_date: dayFromToday(0) });
  return { rep: repId, account, lead, secondLead, tasks };
}
