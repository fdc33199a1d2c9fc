import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountOwnedBy,
  createAutomation,
  createAutomationFixture,
  createRecord,
  notificationsOf,
  runsOf,
  settledRuns,
  text,
} from "../../test/automation-fixture.ts";
import { startTestApp, TEST_ADMIN, type TestApp, testEngine } from "../../test/test-app.ts";
import type { TestUser } from "../../test/test-users.ts";
import { until } from "../../test/until.ts";

let app: TestApp;
let people: { manager: TestUser; rep: TestUser; service: TestUser };

beforeAll(async () => {
  app = await startTestApp({ now: new Date("2026-03-15T02:00:00Z") });
  people = await createAutomationFixture(app);
});
afterAll(() => app?.close());

/** Moves the business clock to 10:00 in Shanghai on `day` and runs one timed scan. */
async function scanOn(day: string) {
  await clockTo(day);
  return app.server.automation.scanTimed();
}

/** Moves the business clock; sessions age with it, so the admin signs in again. */
async function clockTo(day: string) {
  app.clock.set(new Date(`${day}T02:00:00Z`));
  await app.admin.login(TEST_ADMIN.email, TEST_ADMIN.password);
}

const account = (values: Record<string, unknown> = {}) => accountOwnedBy(app, people.rep, values);

const tasksAbout = async (field: string, id: string) =>
  (
    await app.admin.get(
      `/api/records/task?filter=${encodeURIComponent(JSON.stringify({ [field]: { eq: id } }))}`,
    )
  ).body.records as Array<{ subject: string; due_date: string; assignee: string }>;

describe(`timed automations on ${testEngine}`, () => {
  it("reminds 30 days before a contract ends, once; a changed end date moves the reminder", async () => {
    await clockTo("2026-03-15");
    const automation = await createAutomation(app.admin, {
      object: "contract",
      api_name: "renewal_30",
      labels: text("续约提醒 30 天", "Renewal in 30 days"),
      trigger: { kind: "date_relative", field: "end_date", offset: -30, unit: "days", late_days: 0 },
      condition: 'status = "active"',
      actions: [
        {
          kind: "create_task",
          subject: text("续约：{{name}} 将于 {{end_date}} 到期", "Renew {{name}} (ends {{end_date}})"),
          assignee: { kind: "owner" },
          due_in_days: 7,
        },
      ],
    });
    const customer = await account();
    const contract = await createRecord(app.admin, "contract", {
      name: "年度维保",
      account: customer.id,
      status: "active",
      amount: { amount: "120000", currency: "CNY" },
      end_date: "2026-05-10",
      owner_id: people.rep.id,
    });
    expect(await scanOn("2026-04-09")).toBe(0);
    expect(await scanOn("2026-04-10")).toBe(1);
    expect(await scanOn("2026-04-10")).toBe(0); // never twice
    await settledRuns(app, automation.id, 1);
    expect(await tasksAbout("account", customer.id)).toEqual([
      expect.objectContaining({
        subject: "续约：年度维保 将于 2026-05-10 到期",
        due_date: "2026-04-17",
        assignee: people.rep.id,
      }),
    ]);
    // Extended by a month: the reminder moves to the new date (and fires then, once).
    await app.admin.patch(`/api/records/contract/${contract.id}`, { end_date: "2026-06-10" });
    expect(await scanOn("2026-05-10")).toBe(0);
    expect(await scanOn("2026-05-11")).toBe(1);
    expect(await scanOn("2026-05-12")).toBe(0);
    expect((await settledRuns(app, automation.id, 2)).map((run) => run.trigger)).toEqual([
      "date_relative 2026-06-10",
      "date_relative 2026-05-10",
    ]);
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });

  it("counts business days on the working calendar: skips National Day, counts the 调休 Saturday", async () => {
    const automation = await createAutomation(app.admin, {
      object: "contract",
      api_name: "renewal_3bd",
      labels: text("到期前 3 个工作日", "3 business days before the end"),
      trigger: { kind: "date_relative", field: "end_date", offset: -3, unit: "business_days", late_days: 0 },
      actions: [
        {
          kind: "notify",
          recipients: [{ kind: "owner" }],
          title: text("合同即将到期"),
          body: text("{{name}}"),
        },
      ],
    });
    const customer = await account();
    await createRecord(app.admin, "contract", {
      name: "国庆后到期",
      account: customer.id,
      status: "active",
      amount: { amount: "1", currency: "CNY" },
      // Monday 12 October 2026: 3 working days before are Sat 10 (调休), Fri 9 and Thu 8 October.
      end_date: "2026-10-12",
      owner_id: people.rep.id,
    });
    expect(await scanOn("2026-09-30")).toBe(0);
    expect(await scanOn("2026-10-07")).toBe(0);
    expect(await scanOn("2026-10-08")).toBe(1);
    await settledRuns(app, automation.id, 1);
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });

  it("greets on a birthday every year, once a year", async () => {
    const automation = await createAutomation(app.admin, {
      object: "contact",
      api_name: "birthday",
      labels: text("生日祝福", "Birthday greeting"),
      trigger: {
        kind: "date_relative",
        field: "birthday",
        offset: 0,
        unit: "days",
        yearly: true,
        late_days: 0,
      },
      actions: [
        {
          kind: "notify",
          recipients: [{ kind: "owner" }],
          title: text("{{name}} 今天生日"),
          body: text("送上祝福"),
        },
      ],
    });
    await createRecord(app.admin, "contact", {
      name: "陈总",
      birthday: "1975-04-02",
      owner_id: people.rep.id,
    });
    // A date before 1900 is looked for by month and day rather than among the dates of every year.
    await createRecord(app.admin, "contact", {
      name: "老字号",
      birthday: "1890-04-02",
      owner_id: people.rep.id,
    });
    expect(await scanOn("2026-04-01")).toBe(0);
    expect(await scanOn("2026-04-02")).toBe(2);
    expect(await scanOn("2026-04-02")).toBe(0);
    expect(await scanOn("2027-04-02")).toBe(2);
    const runs = await settledRuns(app, automation.id, 4);
    expect(runs.map((run) => run.trigger).sort()).toEqual([
      "date_relative 2026",
      "date_relative 2026",
      "date_relative 2027",
      "date_relative 2027",
    ]);
    const notes = (await notificationsOf(app, people.rep)).filter(
      (n) => n.title["zh-CN"] === "陈总 今天生日",
    );
    expect(notes).toHaveLength(2);
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });

  it("reminds the owner of a deal stuck in a stage at 7 days and the manager at 14", async () => {
    await clockTo("2026-06-01");
    const remind = (days: number, recipient: Record<string, unknown>, name: string) =>
      createAutomation(app.admin, {
        object: "opportunity",
        api_name: name,
        labels: text(`停滞 ${days} 天`, `Stuck ${days} days`),
        trigger: { kind: "stagnation", days, measure: "no_stage_change", stages: ["needs_analysis"] },
        actions: [
          {
            kind: "notify",
            recipients: [recipient],
            title: text(`{{name}} 停滞 ${days} 天`),
            body: text("请跟进"),
          },
        ],
      });
    const owner = await remind(7, { kind: "owner" }, "stuck_7");
    const manager = await remind(14, { kind: "manager" }, "stuck_14");
    const customer = await account();
    await createRecord(app.admin, "opportunity", {
      name: "停滞商机",
      account: customer.id,
      pipeline: "sales",
      stage: "needs_analysis",
      owner_id: people.rep.id,
    });
    expect(await scanOn("2026-06-07")).toBe(0);
    expect(await scanOn("2026-06-08")).toBe(1);
    expect(await scanOn("2026-06-10")).toBe(0);
    expect(await scanOn("2026-06-15")).toBe(1);
    await settledRuns(app, owner.id, 1);
    await settledRuns(app, manager.id, 1);
    const titles = async (user: TestUser) => (await notificationsOf(app, user)).map((n) => n.title["zh-CN"]);
    expect(await titles(people.rep)).toContain("停滞商机 停滞 7 天");
    expect(await titles(people.manager)).toContain("停滞商机 停滞 14 天");
    expect(await titles(people.rep)).not.toContain("停滞商机 停滞 14 天");
    for (const id of [owner.id, manager.id])
      await app.admin.patch(`/api/automations/${id}`, { enabled: false });
  });

  it("creates a visit task every quarter for tier A accounts, and stops when the tier changes", async () => {
    await clockTo("2026-01-05");
    const automation = await createAutomation(app.admin, {
      object: "account",
      api_name: "tier_a_visit",
      labels: text("A 类客户季度拜访", "Quarterly visit, tier A"),
      trigger: { kind: "recurring", every_months: 3 },
      condition: 'tier = "a"',
      actions: [
        {
          kind: "create_task",
          subject: text("季度拜访：{{name}}"),
          assignee: { kind: "owner" },
          due_in_days: 14,
        },
      ],
    });
    const customer = await account({ name: "重点客户", tier: "a" });
    expect(await scanOn("2026-03-04")).toBe(0);
    expect(await scanOn("2026-04-05")).toBe(1);
    expect(await scanOn("2026-05-05")).toBe(0);
    expect(await scanOn("2026-07-05")).toBe(1);
    await app.admin.patch(`/api/records/account/${customer.id}`, { tier: "b" });
    expect(await scanOn("2026-10-05")).toBe(0);
    await settledRuns(app, automation.id, 2);
    expect((await tasksAbout("account", customer.id)).map((task) => task.subject)).toEqual([
      "季度拜访：重点客户",
      "季度拜访：重点客户",
    ]);
    expect((await runsOf(app, automation.id)).length).toBe(2);
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });
});

describe(`waiting inside a run on ${testEngine}`, () => {
  it("pauses a run for business days on a business-clock timer, then carries on with the next action", async () => {
    await clockTo("2026-09-30");
    const automation = await createAutomation(app.admin, {
      object: "account",
      api_name: "welcome_then_call",
      labels: text("欢迎后回访", "Welcome, then call"),
      trigger: { kind: "record_created" },
      condition: 'name = "国庆前签约"',
      actions: [
        {
          kind: "notify",
          recipients: [{ kind: "owner" }],
          title: text("欢迎 {{name}}"),
          body: text("已签约"),
        },
        { kind: "wait", days: 2, business_days: true },
        { kind: "create_task", subject: text("回访：{{name}}"), assignee: { kind: "owner" }, due_in_days: 0 },
      ],
    });
    const customer = await account({ name: "国庆前签约" });
    const [waiting] = await settledRuns(app, automation.id, 1);
    expect(waiting?.status, JSON.stringify(waiting)).toBe("waiting");
    // Two business days after Wednesday 30 September: the holidays skipped, Friday 9 October.
    expect(waiting?.steps.map((step) => step.detail)).toEqual([
      expect.stringMatching(/^1 notified/),
      "waiting until 2026-10-09T02:00:00.000Z",
    ]);
    expect(waiting?.steps[1]?.note).toEqual({
      code: "waiting_until",
      params: { until: "2026-10-09T02:00:00.000Z" },
    });
    await clockTo("2026-10-08");
    await app.server.timers.runDue();
    expect((await runsOf(app, automation.id))[0]?.status).toBe("waiting");
    await clockTo("2026-10-09");
    await app.server.timers.runDue();
    // The timer's job queues the run again; it goes on with the task.
    await until(
      "the run to go on",
      async () => (await runsOf(app, automation.id))[0]?.status === "succeeded",
    );
    const [done] = await settledRuns(app, automation.id, 1);
    expect(done?.status, JSON.stringify(done)).toBe("succeeded");
    expect(await tasksAbout("account", customer.id)).toEqual([
      expect.objectContaining({ subject: "回访：国庆前签约", due_date: "2026-10-09" }),
    ]);
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });
});

describe(`scheduled automations on ${testEngine}`, () => {
  it("acts at each tick of its timetable on every record meeting the condition, once per tick", async () => {
    await clockTo("2026-11-01");
    const customer = await account({ name: "周报客户", tier: "c" });
    const refused = await app.admin.post("/api/automations", {
      object: "account",
      api_name: "bad_cron",
      labels: text("坏的时间表"),
      trigger: { kind: "schedule", cron: "every monday" },
      actions: [{ kind: "notify", recipients: [{ kind: "owner" }], title: text("x"), body: text("x") }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ field: "trigger.cron", code: "invalid_cron" });
    const automation = await createAutomation(app.admin, {
      object: "account",
      api_name: "weekly_c_review",
      labels: text("C 类客户周报", "Weekly tier C review"),
      trigger: { kind: "schedule", cron: "0 9 * * 1" },
      condition: `AND(tier = "c", name = "周报客户")`,
      actions: [
        {
          kind: "notify",
          recipients: [{ kind: "owner" }],
          title: text("本周跟进 {{name}}"),
          body: text("周一例行"),
        },
      ],
    });
    // Monday 2 November 2026, 10:00 in Shanghai: the 9:00 tick is due; again that day and on Tuesday nothing.
    expect(await scanOn("2026-11-02")).toBe(1);
    expect(await scanOn("2026-11-02")).toBe(0);
    expect(await scanOn("2026-11-03")).toBe(0);
    expect(await scanOn("2026-11-09")).toBe(1);
    await app.admin.patch(`/api/records/account/${customer.id}`, { tier: "b" });
    expect(await scanOn("2026-11-16")).toBe(0);
    const runs = await settledRuns(app, automation.id, 2);
    expect(runs.map((run) => run.trigger)).toEqual([
      "schedule 2026-11-09T01:00:00.000Z",
      "schedule 2026-11-02T01:00:00.000Z",
    ]);
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });
});

describe(`previewing a timed automation on ${testEngine}`, () => {
  it("lists the records it would act on day by day over the real data, and records and sends nothing", async () => {
    await clockTo("2026-08-01");
    const customer = await account();
    const contract = (name: string, end: string) =>
      createRecord(app.admin, "contract", {
        name,
        account: customer.id,
        status: "active",
        amount: { amount: "1", currency: "CNY" },
        end_date: end,
        owner_id: people.rep.id,
      });
    await contract("八月底到期", "2026-08-31"); // due 2026-08-01: today
    await contract("九月初到期", "2026-09-05"); // due 2026-08-06
    await contract("十月到期", "2026-10-20"); // due 2026-09-20: after the window
    const definition = {
      object: "contract",
      labels: text("预览"),
      trigger: { kind: "date_relative", field: "end_date", offset: -30, unit: "days", late_days: 0 },
      condition: 'status = "active"',
      actions: [
        { kind: "notify", recipients: [{ kind: "owner" }], title: text("到期"), body: text("{{name}}") },
      ],
    };
    const preview = await app.admin.post("/api/automations/preview?days=10", definition);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toMatchObject({ from: "2026-08-01", to: "2026-08-11", truncated: false });
    // Each hit named by the record's display field (the contract number).
    expect(preview.body.hits.map((h: { date: string; label: string }) => [h.date, h.label])).toEqual([
      ["2026-08-01", expect.stringMatching(/^HT-2026-\d{4}$/)],
      ["2026-08-06", expect.stringMatching(/^HT-2026-\d{4}$/)],
    ]);
    expect(preview.body.actions).toEqual([expect.objectContaining({ kind: "notify" })]);
    const occurrences = sql.id(app.database.schemas.system, "automation_occurrences");
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM ${occurrences}`.execute(
      app.database.db,
    );
    // Earlier tests' occurrences only: the preview added none.
    const before = Number(rows[0]?.n);
    await app.admin.post("/api/automations/preview?days=10", definition);
    const again = await sql<{ n: string }>`SELECT count(*) AS n FROM ${occurrences}`.execute(app.database.db);
    expect(Number(again.rows[0]?.n)).toBe(before);
    // A record trigger cannot be listed ahead; a broken definition is refused like a save.
    const record = await app.admin.post("/api/automations/preview", {
      ...definition,
      trigger: { kind: "record_created" },
    });
    expect(record.status).toBe(422);
    expect(record.body.code).toBe("AUTOMATION_PREVIEW_TIMED_ONLY");
    const broken = await app.admin.post("/api/automations/preview", { ...definition, condition: "nope" });
    expect(broken.status).toBe(400);
  });
});
