import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AutomationPeople,
  accountOwnedBy,
  createAutomation,
  createRecord,
  notificationsOf,
  runsOf,
  settledRuns,
  startAutomationWorld,
  text,
} from "../../test/automation-fixture.ts";
import type { SmtpSink } from "../../test/smtp-sink.ts";
import { type TestApp, testEngine } from "../../test/test-app.ts";
import { createTestUser, type TestUser } from "../../test/test-users.ts";
import { until } from "../../test/until.ts";

let app: TestApp;
let sink: SmtpSink;
let people: AutomationPeople;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ app, sink, people, close } = await startAutomationWorld());
});
afterAll(() => close?.());

const account = (owner: TestUser, values: Record<string, unknown> = {}) => accountOwnedBy(app, owner, values);

describe(`record-triggered automations on ${testEngine}`, () => {
  it("a complaint ticket notifies the service team and the account owner at once, in-app and by email, once", async () => {
    const automation = await createAutomation(app.admin, {
      object: "ticket",
      api_name: "complaint_to_service",
      labels: text("投诉提醒", "Complaint alert"),
      trigger: { kind: "record_created" },
      condition: 'type = "complaint"',
      actions: [
        {
          kind: "notify",
          recipients: [
            { kind: "role", role: "service" },
            { kind: "related_owner", field: "account" },
          ],
          title: text("新投诉：{{subject}}", "New complaint: {{subject}}"),
          body: text(
            "客户 {{account}} 的投诉，优先级 {{priority}}",
            "From {{account}}, priority {{priority}}",
          ),
          email: true,
        },
      ],
    });
    const customer = await account(people.rep, { name: "华东精密" });
    const base = { account: customer.id, status: "new", priority: "high" };
    // Not a complaint: the condition is false, no run.
    await createRecord(app.admin, "ticket", { ...base, subject: "安装预约", type: "installation" });
    const ticket = await createRecord(app.admin, "ticket", {
      ...base,
      subject: "主轴异响",
      type: "complaint",
    });

    const [run] = await settledRuns(app, automation.id, 1);
    expect(run).toMatchObject({ status: "succeeded", record_id: ticket.id, trigger: "record.created" });
    expect(run?.steps).toEqual([
      expect.objectContaining({ action: 0, kind: "notify", outcome: "done", error: null }),
    ]);
    for (const user of [people.service, people.rep]) {
      const [note, ...more] = await notificationsOf(app, user);
      expect(more).toEqual([]);
      expect(note?.title).toEqual({ "zh-CN": "新投诉：主轴异响", en: "New complaint: 主轴异响" });
      // Option labels and related records by name, in each language.
      expect(note?.body).toEqual({
        "zh-CN": "客户 华东精密 的投诉，优先级 高",
        en: "From 华东精密, priority High",
      });
      expect(note?.link).toEqual({ object: "ticket", record_id: ticket.id });
    }
    await until("two emails", () => sink.received.length >= 2);
    expect(sink.received.flatMap((mail) => mail.to).sort()).toEqual(
      [people.service.email, people.rep.email].sort(),
    );
    expect((await runsOf(app, automation.id)).length).toBe(1);
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });

  it("a stage move to won copies values into a new record and updates the record, as the system", async () => {
    const automation = await createAutomation(app.admin, {
      object: "opportunity",
      api_name: "won_follow_up",
      labels: text("赢单后续", "After a win"),
      trigger: { kind: "field_changed", field: "stage", to: "won" },
      condition: 'PRIORVALUE(stage) <> "lost"',
      actions: [
        {
          kind: "create_task",
          subject: text("安排交付：{{name}}", "Plan delivery: {{name}}"),
          assignee: { kind: "manager" },
          due_in_days: 3,
        },
        {
          kind: "update_fields",
          values: { next_step: { text: "交付 {{name}}" }, probability: { value: 100 } },
        },
      ],
    });
    const customer = await account(people.rep);
    const deal = await createRecord(app.admin, "opportunity", {
      name: "五轴机床",
      account: customer.id,
      pipeline: "sales",
      stage: "contract_signing",
      amount: { amount: "500000", currency: "CNY" },
      close_date: "2026-03-20",
      owner_id: people.rep.id,
    });
    const won = await app.admin.patch(`/api/records/opportunity/${deal.id}`, { stage: "won" });
    expect(won.status, won.text).toBe(200);
    const [run] = await settledRuns(app, automation.id, 1);
    expect(run?.status, JSON.stringify(run)).toBe("succeeded");
    const tasks = await app.admin.get(
      `/api/records/task?filter=${encodeURIComponent(JSON.stringify({ opportunity: { eq: deal.id } }))}`,
    );
    expect(tasks.body.records).toEqual([
      expect.objectContaining({
        subject: "安排交付：五轴机床",
        assignee: people.manager.id,
        owner_id: people.manager.id,
        due_date: "2026-03-18",
        account: customer.id,
      }),
    ]);
    const after = await app.admin.get(`/api/records/opportunity/${deal.id}`);
    expect(after.body).toMatchObject({ next_step: "交付 五轴机床", probability: 100 });
    // The automation's own update (a change, but not to stage) fires nothing more.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await runsOf(app, automation.id)).length).toBe(1);
  });

  it("stops a loop of automations writing the records they watch at the depth limit, and logs it", async () => {
    const automation = await createAutomation(app.admin, {
      object: "account",
      api_name: "count_touches",
      labels: text("计数", "Count"),
      trigger: { kind: "record_updated", fields: ["employees"] },
      actions: [{ kind: "update_fields", values: { employees: { formula: "employees + 1" } } }],
    });
    const customer = await account(people.rep, { employees: 0 });
    await app.admin.patch(`/api/records/account/${customer.id}`, { employees: 1 });
    const runs = await settledRuns(app, automation.id, 6);
    expect(runs.map((run) => run.status).sort()).toEqual([
      "skipped",
      "succeeded",
      "succeeded",
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    expect(runs.find((run) => run.status === "skipped")?.error).toMatch(/loop: 5 causes deep/);
    expect((await app.admin.get(`/api/records/account/${customer.id}`)).body.employees).toBe(6);
    expect((await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false })).status).toBe(200);
  });

  it("logs a failing action with its error and retries the run from that action", async () => {
    const automation = await createAutomation(app.admin, {
      object: "account",
      api_name: "bad_update",
      labels: text("失败的更新", "Failing update"),
      trigger: { kind: "record_created" },
      actions: [
        { kind: "notify", recipients: [{ kind: "owner" }], title: text("新客户"), body: text("{{name}}") },
        // A required field emptied: the write is refused.
        { kind: "update_fields", values: { name: { value: null } } },
      ],
    });
    await account(people.manager);
    const [run] = await settledRuns(app, automation.id, 1);
    expect(run?.status).toBe("failed");
    expect(run?.steps.map((s) => [s.kind, s.outcome])).toEqual([
      ["notify", "done"],
      ["update_fields", "failed"],
    ]);
    // The refusal in words, by the field's label, in both languages (a KeduoError's message is only its code).
    expect(run?.steps[1]).toMatchObject({
      error: "Account name: This field is required",
      problem: {
        code: "refused",
        params: {
          problem: { "zh-CN": "客户名称：此项为必填项", en: "Account name: This field is required" },
        },
      },
    });
    expect(run?.error).toBe("Account name: This field is required");
    const notes = (await notificationsOf(app, people.manager)).filter((n) => n.title.en === "新客户");
    expect(notes).toHaveLength(1);
    const retried = await app.admin.post(`/api/automation-runs/${run?.id}/retry`);
    expect(retried.status, retried.text).toBe(202);
    await until(
      "the retry to finish",
      async () => (await runsOf(app, automation.id))[0]?.status === "failed",
    );
    // The notification was not sent again: finished actions are not repeated.
    expect((await notificationsOf(app, people.manager)).filter((n) => n.title.en === "新客户")).toHaveLength(
      1,
    );
    const notFailed = await app.admin.post(`/api/automation-runs/${run?.id}/retry`);
    expect(notFailed.status).toBe(202);
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });

  it("words a refused write of another object by that object's field labels", async () => {
    const automation = await createAutomation(app.admin, {
      object: "account",
      api_name: "bad_opportunity",
      labels: text("失败的商机", "Failing opportunity"),
      trigger: { kind: "record_created" },
      // The opportunity's required name left empty: its write is refused.
      actions: [{ kind: "create_record", object: "opportunity", values: { name: { value: null } } }],
    });
    await account(people.manager);
    const [run] = await settledRuns(app, automation.id, 1);
    expect(run?.status).toBe("failed");
    const params = run?.steps[0]?.problem?.params as { problem?: Record<string, string> } | undefined;
    expect(params?.problem?.["zh-CN"]).toContain("商机名称：此项为必填项");
    expect(params?.problem?.en).toContain("Opportunity name: This field is required");
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });

  it("refuses a definition with every problem at once, and stores nothing", async () => {
    const refused = await app.admin.post("/api/automations", {
      object: "ticket",
      api_name: "broken",
      labels: text("坏的"),
      trigger: { kind: "date_relative", field: "subject", offset: 1, unit: "weeks" },
      condition: "ISCHANGED(status)",
      actions: [
        {
          kind: "notify",
          recipients: [{ kind: "role", role: "nobody" }],
          title: text("{{nope}}"),
          body: text("x"),
        },
        { kind: "update_fields", values: { missing: { value: 1 } } },
        { kind: "send_email", via: "subject", to_field: "email", subject: text("s"), body: text("b") },
        { kind: "send_email", via: "account", to_field: "name", subject: text("s"), body: text("b") },
      ],
    });
    expect(refused.status, refused.text).toBe(400);
    const fields = (refused.body.errors as Array<{ field: string; code: string }>).map((e) => [
      e.field,
      e.code,
    ]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ["trigger.field", "field_not_date"],
        ["trigger.unit", "invalid_option"],
        ["actions.0.recipients.0.role", "unknown_role"],
        ["actions.0.title.zh-CN", "unknown_placeholder"],
        ["actions.1.values.missing", "unknown_field"],
        ["actions.2.via", "field_not_relation"],
        ["actions.3.to_field", "field_not_email"],
      ]),
    );
    expect(fields.some(([field]) => field === "condition")).toBe(true);
    const listed = await app.admin.get("/api/automations?object=ticket");
    expect(listed.body.automations.map((a: { api_name: string }) => a.api_name)).not.toContain("broken");
  });

  it("shows a record's runs to its readers only, and automations to admins only", async () => {
    const automation = await createAutomation(app.admin, {
      object: "ticket",
      api_name: "ticket_seen",
      labels: text("工单登记", "Ticket logged"),
      trigger: { kind: "record_created" },
      actions: [
        { kind: "notify", recipients: [{ kind: "owner" }], title: text("工单"), body: text("{{subject}}") },
      ],
    });
    const customer = await account(people.rep);
    const ticket = await createRecord(app.admin, "ticket", {
      account: customer.id,
      subject: "咨询",
      type: "consultation",
      status: "new",
      priority: "low",
      owner_id: people.rep.id,
    });
    await settledRuns(app, automation.id, 1);
    const rep = await app.login(people.rep.email, people.rep.password);
    expect((await rep.get("/api/automations")).status).toBe(403);
    const own = await rep.get(`/api/records/ticket/${ticket.id}/automation-runs`);
    expect(own.status, own.text).toBe(200);
    expect(own.body.runs).toEqual([
      expect.objectContaining({
        automation: "ticket_seen",
        automation_labels: { "zh-CN": "工单登记", en: "Ticket logged" },
        status: "succeeded",
      }),
    ]);
    // Another rep sees the runs exactly when they may read the record (404 like a missing one otherwise).
    const other = await app.login(
      (await createTestUser(app, { roles: ["sales_rep"] })).email,
      "s3cret-password",
    );
    const read = await other.get(`/api/records/ticket/${ticket.id}`);
    const runs = await other.get(`/api/records/ticket/${ticket.id}/automation-runs`);
    expect(runs.status).toBe(read.status);
    expect([200, 404]).toContain(runs.status);
    await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false });
  });
});
