import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecord, notificationsOf, settledRuns } from "../../test/automation-fixture.ts";
import { type SmtpSink, startSmtpSink } from "../../test/smtp-sink.ts";
import { startTestApp, TEST_ADMIN, type TestApp, testEngine } from "../../test/test-app.ts";
import { createTestUser, type TestUser } from "../../test/test-users.ts";
import { until } from "../../test/until.ts";

let app: TestApp;
let sink: SmtpSink;
let rep: TestUser;
let service: TestUser;
const ids = new Map<string, string>();

/** The CRM template's own automations, as shipped (switched on). */
beforeAll(async () => {
  sink = await startSmtpSink();
  app = await startTestApp({ env: { SMTP_URL: sink.url } });
  expect((await app.admin.post("/api/admin/templates/crm/apply")).status).toBe(200);
  for (const a of (await app.admin.get("/api/automations")).body.automations as Array<{
    id: string;
    object: string;
    api_name: string;
    enabled: boolean;
  }>) {
    expect(a.enabled, a.api_name).toBe(true);
    ids.set(`${a.object}.${a.api_name}`, a.id);
  }
  rep = await createTestUser(app, { roles: ["sales_rep"], name: "王芳" });
  service = await createTestUser(app, { roles: ["service"], name: "赵客服" });
});
afterAll(async () => {
  await app?.close();
  await sink?.close();
});

const id = (key: string) => {
  const found = ids.get(key);
  if (!found) throw new Error(`the template has no automation ${key}`);
  return found;
};

describe(`the CRM template's automations on ${testEngine}`, () => {
  it("ship every seed process", () => {
    expect([...ids.keys()].sort()).toEqual([
      "account.onboarding_kickoff",
      "account.tier_a_quarterly_visit",
      "account.tier_b_half_year_visit",
      "contact.birthday_greeting",
      "contract.renewal_30_days",
      "contract.renewal_60_days",
      "contract.renewal_90_days",
      "lead.assign_marketing_leads",
      "lead.first_contact_task",
      "opportunity.stagnant_14_days",
      "opportunity.stagnant_7_days",
      "ticket.complaint_alert",
    ]);
  });

  it("a lead from the website goes to the rep with the fewest open leads, who gets the first-contact task", async () => {
    const busy = await createTestUser(app, { roles: ["sales_rep"], name: "忙碌的销售" });
    await createRecord(app.admin, "lead", { company: "老线索", status: "working", owner_id: busy.id });
    const lead = await createRecord(app.admin, "lead", {
      company: "官网来的公司",
      status: "new",
      source: "website",
    });
    const [run] = await settledRuns(app, id("lead.assign_marketing_leads"), 1);
    expect(run?.status, JSON.stringify(run)).toBe("succeeded");
    const owner = (await app.admin.get(`/api/records/lead/${lead.id}`)).body.owner_id;
    expect(owner).toBe(rep.id);
    const why = await app.admin.get(`/api/records/lead/${lead.id}/assignment`);
    expect(why.body.decision.summary["zh-CN"]).toMatch(
      /^规则 1「全体销售，按未结线索最少分配」匹配；王芳 名下 0 条未结记录，最少$/,
    );
    const filter = encodeURIComponent(JSON.stringify({ lead: { eq: lead.id } }));
    const tasks = (await app.admin.get(`/api/records/task?filter=${filter}`)).body.records;
    expect(tasks).toEqual([
      expect.objectContaining({ assignee: rep.id, subject: "首次联系：官网来的公司（）" }),
    ]);
  });

  it("a complaint notifies the service team and the account owner, in-app and by email", async () => {
    const account = await createRecord(app.admin, "account", {
      name: "华东精密",
      lifecycle_stage: "active",
      owner_id: rep.id,
    });
    await createRecord(app.admin, "ticket", {
      account: account.id,
      subject: "交货延误",
      type: "complaint",
      status: "new",
      priority: "urgent",
    });
    const [run] = await settledRuns(app, id("ticket.complaint_alert"), 1);
    expect(run?.status, JSON.stringify(run)).toBe("succeeded");
    for (const user of [rep, service])
      expect((await notificationsOf(app, user)).map((n) => n.title["zh-CN"])).toContain("新投诉：交货延误");
    await until("emails to both", () => sink.received.length >= 2);
  });

  it("a newly signed customer: its main contact gets a welcome email, customer success a task, the owner a note", async () => {
    const success = await createTestUser(app, { roles: ["customer_success"], name: "钱成功" });
    const contact = await createRecord(app.admin, "contact", { name: "李经理", email: "li@welcome.test" });
    const account = await createRecord(app.admin, "account", {
      name: "新签精工",
      lifecycle_stage: "active",
      owner_id: rep.id,
      main_contact: contact.id,
    });
    const patched = await app.admin.patch(`/api/records/account/${account.id}`, {
      lifecycle_stage: "onboarding",
    });
    expect(patched.status, patched.text).toBe(200);
    const [run] = await settledRuns(app, id("account.onboarding_kickoff"), 1);
    expect(run?.status, JSON.stringify(run)).toBe("succeeded");
    await until("the welcome email", () => sink.received.some((mail) => mail.to.includes("li@welcome.test")));
    const welcome = sink.received.find((mail) => mail.to.includes("li@welcome.test"))!;
    expect(welcome.headers.get("subject")).toBe("欢迎加入，新签精工！");
    const filter = encodeURIComponent(JSON.stringify({ account: { eq: account.id } }));
    const tasks = (await app.admin.get(`/api/records/task?filter=${filter}`)).body.records;
    expect(tasks).toEqual([
      expect.objectContaining({ assignee: success.id, subject: "新客户首次联系与培训：新签精工" }),
    ]);
    expect((await notificationsOf(app, rep)).map((n) => n.title["zh-CN"])).toContain(
      "新客户进入交付：新签精工",
    );
  });

  it("90 days before an active contract ends, reminds the owner and opens a renewal deal", async () => {
    const account = await createRecord(app.admin, "account", { name: "续约客户", lifecycle_stage: "active" });
    await createRecord(app.admin, "contract", {
      name: "2026 年度服务",
      account: account.id,
      status: "active",
      amount: { amount: "360000", currency: "CNY" },
      end_date: "2026-06-13",
      owner_id: rep.id,
    });
    app.clock.set(new Date("2026-03-15T02:00:00Z"));
    expect(await app.server.automation.scanTimed()).toBe(1);
    const [run] = await settledRuns(app, id("contract.renewal_90_days"), 1);
    expect(run?.status, JSON.stringify(run)).toBe("succeeded");
    await app.admin.login(TEST_ADMIN.email, TEST_ADMIN.password);
    const filter = encodeURIComponent(JSON.stringify({ account: { eq: account.id } }));
    const deals = (await app.admin.get(`/api/records/opportunity?filter=${filter}`)).body.records;
    expect(deals).toEqual([
      expect.objectContaining({
        name: "续约：2026 年度服务",
        amount: { amount: "360000.00", currency: "CNY" },
        close_date: "2026-06-13",
        owner_id: rep.id,
        pipeline: "sales",
      }),
    ]);
    expect((await notificationsOf(app, rep)).map((n) => n.title["zh-CN"])).toContain(
      "合同 90 天后到期：2026 年度服务",
    );
  });
});
