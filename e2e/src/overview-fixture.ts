import type { ApiClient } from "./api-client.ts";
import { label } from "./fixtures.ts";

// The 360° view's e2e data: a small CRM (account, contact, opportunity with a pipeline, activity, task) made
// through the API as an admin would, the account's overview definition, and the records the journey reads.

export const REP = { email: "rep@keduo.test", password: "password-123" };
export const ACTIVITIES = 25;

const option = (value: string, zh: string, en: string) => ({ value, labels: label(zh, en) });
const money = (amount: string, currency = "CNY") => ({ amount, currency });
const toAccount = (inverse: string, zh: string, en: string) => ({
  api_name: "account",
  type: "relation",
  labels: label("客户", "Account"),
  config: {
    relation: {
      target: "account",
      cardinality: "many_to_one",
      inverse_name: inverse,
      inverse_labels: label(zh, en),
    },
  },
});

async function object(api: ApiClient, apiName: string, names: [string, string, string], fields: object[]) {
  const [zh, en, enPlural] = names;
  await api.request("POST", "/api/meta/objects", {
    api_name: apiName,
    labels: label(zh, en),
    plural_labels: label(zh, enPlural),
  });
  for (const field of fields) await api.request("POST", `/api/meta/objects/${apiName}/fields`, field);
  // The field that names a record (the timeline's titles of related records come from it).
  const first = fields[0] as { api_name: string };
  await api.request("PATCH", `/api/meta/objects/${apiName}`, { display_field: first.api_name });
}

export async function defineCrm(api: ApiClient) {
  await object(
    api,
    "account",
    ["客户", "Account", "Accounts"],
    [
      { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
      {
        api_name: "tier",
        type: "single_select",
        labels: label("等级", "Tier"),
        config: { options: [option("a", "A 类", "Tier A"), option("b", "B 类", "Tier B")] },
      },
    ],
  );
  await object(
    api,
    "contact",
    ["联系人", "Contact", "Contacts"],
    [
      { api_name: "name", type: "text", required: true, labels: label("姓名", "Name") },
      { api_name: "phone", type: "phone", labels: label("电话", "Phone") },
      toAccount("contacts", "联系人", "Contacts"),
    ],
  );
  await object(
    api,
    "opportunity",
    ["商机", "Opportunity", "Opportunities"],
    [
      { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
      { api_name: "amount", type: "currency", labels: label("金额", "Amount") },
      {
        api_name: "stage",
        type: "single_select",
        labels: label("阶段", "Stage"),
        config: {
          options: [
            option("qualify", "初步接触", "Qualify"),
            option("proposal", "方案报价", "Proposal"),
            option("won", "赢单", "Won"),
            option("lost", "输单", "Lost"),
          ],
        },
      },
      toAccount("opportunities", "商机", "Opportunities"),
    ],
  );
  await api.request("POST", "/api/meta/objects/opportunity/pipelines", {
    api_name: "sales",
    labels: label("销售流程", "Sales"),
    stage_field: "stage",
    is_default: true,
    stages: [
      { value: "qualify" },
      { value: "proposal" },
      { value: "won", kind: "won" },
      { value: "lost", kind: "lost" },
    ],
  });
  await object(
    api,
    "activity",
    ["跟进记录", "Activity", "Activities"],
    [
      { api_name: "subject", type: "text", required: true, labels: label("主题", "Subject") },
      {
        api_name: "type",
        type: "single_select",
        required: true,
        labels: label("类型", "Type"),
        config: {
          options: [
            option("call", "电话", "Call"),
            option("visit", "拜访", "Visit"),
            option("meeting", "会议", "Meeting"),
            option("note", "备注", "Note"),
          ],
        },
      },
      { api_name: "occurred_at", type: "datetime", labels: label("时间", "When") },
      { api_name: "notes", type: "long_text", labels: label("内容", "Notes") },
      toAccount("activities", "跟进记录", "Activities"),
    ],
  );
  await object(
    api,
    "task",
    ["待办", "Task", "Tasks"],
    [
      { api_name: "subject", type: "text", required: true, labels: label("主题", "Subject") },
      { api_name: "due_date", type: "date", labels: label("截止日期", "Due") },
      toAccount("tasks", "待办", "Tasks"),
    ],
  );
  await api.request("PUT", "/api/meta/objects/account/overview", {
    kpis: [
      {
        key: "open_pipeline",
        labels: label("在途商机金额", "Open pipeline"),
        source: "related",
        object: "opportunity",
        via: "account",
        fn: "sum",
        field: "amount",
        filter: { stage: { nin: ["won", "lost"] } },
      },
      {
        key: "deals",
        labels: label("商机数", "Opportunities"),
        source: "related",
        object: "opportunity",
        via: "account",
        fn: "count",
      },
      {
        key: "last_contact",
        labels: label("最近联系", "Last contact"),
        source: "related",
        object: "activity",
        via: "account",
        fn: "max",
        field: "occurred_at",
      },
      { key: "tier", labels: label("客户等级", "Tier"), source: "record", field: "tier" },
    ],
    sections: [
      section("contacts", "contact", ["联系人", "Contacts"], ["name", "phone"], "name"),
      section("opportunities", "opportunity", ["商机", "Opportunities"], ["name", "amount", "stage"]),
      section(
        "activities",
        "activity",
        ["跟进记录", "Activities"],
        ["subject", "type", "occurred_at"],
        "-occurred_at",
      ),
      section("tasks", "task", ["待办", "Tasks"], ["subject", "due_date"], "due_date"),
    ],
    timeline: [
      {
        kind: "records",
        object: "activity",
        via: "account",
        at: "occurred_at",
        title: "subject",
        type: "type",
      },
      { kind: "stage_changes", object: "opportunity", via: "account" },
      { kind: "field_history" },
    ],
  });
}

function section(key: string, object: string, names: [string, string], fields: string[], sort?: string) {
  return { key, object, via: "account", labels: label(...names), fields, ...(sort ? { sort } : {}) };
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const bulk = (api: ApiClient, objectName: string, records: object[]) =>
  api.request("POST", `/api/records/${objectName}/bulk`, { records });

/** An account with contacts, opportunities in CNY and USD (one won), 25 calls and visits, two tasks. */
export async function createAccount(api: ApiClient): Promise<string> {
  const created = await api.request<{ id: string }>("POST", "/api/records/account", {
    name: "苏州精密机械",
    tier: "b",
  });
  const id = created.id;
  await bulk(api, "contact", [
    { name: "张伟", phone: "13800000001", account: id },
    { name: "李娜", phone: "13800000002", account: id },
    { name: "王强", phone: "13800000003", account: id },
  ]);
  await bulk(api, "opportunity", [
    { name: "数控主轴 200 套", amount: money("120000"), stage: "qualify", account: id },
    { name: "出口样品", amount: money("3000", "USD"), stage: "proposal", account: id },
    { name: "去年的框架合同", amount: money("50000"), stage: "won", account: id },
  ]);
  await bulk(
    api,
    "activity",
    Array.from({ length: ACTIVITIES }, (_, i) => ({
      subject: `${i % 3 ? "电话回访" : "上门拜访"} 第${ACTIVITIES - i}次`,
      type: i % 3 ? "call" : "visit",
      occurred_at: daysAgo(i + 1),
      account: id,
    })),
  );
  await bulk(api, "task", [
    { subject: "寄送样品", due_date: daysAgo(-3).slice(0, 10), account: id },
    { subject: "准备报价", due_date: daysAgo(-7).slice(0, 10), account: id },
  ]);
  const { records } = await api.request<{ records: Array<{ id: string; name: string }> }>(
    "GET",
    "/api/records/opportunity?limit=10",
  );
  const spindle = records.find((r) => r.name === "数控主轴 200 套")!;
  await api.request("PATCH", `/api/records/opportunity/${spindle.id}`, { stage: "proposal" });
  await api.request("PATCH", `/api/records/account/${id}`, { tier: "a" });
  return id;
}

/** A rep on the member role; their account holds their own records and a colleague's private ones. */
export async function createRep(api: ApiClient): Promise<string> {
  const created = await api.request<{ user: { id: string } }>("POST", "/api/users", {
    ...REP,
    name: "销售小刘",
  });
  const rep = created.user.id;
  await api.request("PATCH", "/api/meta/roles/member", {
    permissions: { default_objects: { read: true, create: true, edit: true, delete: false } },
  });
  for (const name of ["account", "contact", "opportunity", "activity", "task"])
    await api.request("PATCH", `/api/meta/objects/${name}`, { sharing_default: "private" });
  const own = await api.request<{ id: string }>("POST", "/api/records/account", {
    name: "宁波模具",
    tier: "a",
    owner_id: rep,
  });
  await bulk(api, "contact", [
    { name: "陈静", phone: "13900000001", account: own.id, owner_id: rep },
    { name: "同事的联系人", account: own.id },
  ]);
  await bulk(api, "opportunity", [
    { name: "模具钢 30 吨", amount: money("8000"), stage: "qualify", account: own.id, owner_id: rep },
    { name: "同事的商机", amount: money("99999"), stage: "qualify", account: own.id },
  ]);
  return own.id;
}
