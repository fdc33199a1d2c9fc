import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AutomationPeople,
  accountOwnedBy,
  createAutomation,
  createRecord,
  notificationsOf,
  settledRuns,
  startAutomationWorld,
  text,
} from "../../test/automation-fixture.ts";
import type { SmtpSink } from "../../test/smtp-sink.ts";
import { type TestApp, testEngine } from "../../test/test-app.ts";
import type { TestUser } from "../../test/test-users.ts";

let app: TestApp;
let sink: SmtpSink;
let people: AutomationPeople;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ app, sink, people, close } = await startAutomationWorld());
});
afterAll(() => close?.());

const account = (owner: TestUser, values: Record<string, unknown> = {}) => accountOwnedBy(app, owner, values);

/** Ways in besides a record write: an admin's dry run on one record, and another system's inbound webhook. */
describe(`trying and calling automations on ${testEngine}`, () => {
  it("tries an automation on one record: the condition's answer and each action's outcome, nothing kept", async () => {
    const customer = await account(people.rep, { name: "试运行客户" });
    const ticket = (type: string) =>
      createRecord(app.admin, "ticket", {
        account: customer.id,
        subject: `试运行 ${type}`,
        type,
        status: "new",
        priority: "high",
      });
    const complaint = await ticket("complaint");
    const question = await ticket("consultation");
    const definition = {
      object: "ticket",
      labels: text("试运行"),
      trigger: { kind: "record_created" },
      condition: 'type = "complaint"',
      actions: [
        {
          kind: "notify",
          recipients: [{ kind: "related_owner", field: "account" }],
          title: text("试运行通知 {{subject}}"),
          body: text("x"),
          email: true,
        },
        { kind: "create_task", subject: text("试运行任务"), assignee: { kind: "owner" } },
      ],
    };
    const mails = sink.received.length;
    const tried = await app.admin.post(`/api/automations/test?record_id=${complaint.id}`, definition);
    expect(tried.status, tried.text).toBe(200);
    expect(tried.body.condition).toEqual({ result: true, note: null });
    expect(tried.body.steps.map((s: { kind: string; outcome: string }) => [s.kind, s.outcome])).toEqual([
      ["notify", "done"],
      ["create_task", "done"],
    ]);
    expect(tried.body.steps[0].detail).toMatch(/^1 notified: 王芳; 1 emails queued$/);
    expect(tried.body.steps[0].note).toEqual({
      code: "notified",
      params: { count: 1, names: ["王芳"], email: "queued", emails: 1 },
    });
    const other = await app.admin.post(`/api/automations/test?record_id=${question.id}`, definition);
    expect(other.body.condition.result).toBe(false);
    // Rolled back: no notification, no task, no email.
    expect(
      (await notificationsOf(app, people.rep)).filter((n) => n.title["zh-CN"]?.startsWith("试运行")),
    ).toEqual([]);
    const filter = encodeURIComponent(JSON.stringify({ subject: { eq: "试运行任务" } }));
    expect((await app.admin.get(`/api/records/task?filter=${filter}`)).body.records).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sink.received.length).toBe(mails);
    const writes = await app.admin.post(`/api/automations/test?record_id=${complaint.id}`, {
      ...definition,
      condition: "ISCHANGED(status)",
    });
    expect(writes.body.condition).toMatchObject({
      result: null,
      note: expect.stringMatching(/reads the write/),
    });
  });

  it("acts when another system calls its secret webhook address: on a record it names, or one it creates", async () => {
    const automation = await createAutomation(app.admin, {
      object: "lead",
      api_name: "web_form",
      labels: text("官网表单", "Website form"),
      trigger: { kind: "inbound_webhook" },
      condition: 'source = "website"',
      actions: [
        {
          kind: "create_task",
          subject: text("联系官网线索 {{company}}"),
          assignee: { kind: "user_field", field: "nonexistent" },
        },
      ],
    }).catch(() => null);
    // A recipient field that does not exist is refused; the working definition follows.
    expect(automation).toBeNull();
    const hook = await createAutomation(app.admin, {
      object: "lead",
      api_name: "web_form",
      labels: text("官网表单", "Website form"),
      trigger: { kind: "inbound_webhook" },
      condition: 'source = "website"',
      actions: [
        {
          kind: "notify",
          recipients: [{ kind: "user", user: people.rep.id }],
          title: text("官网线索 {{company}}"),
          body: text("请联系"),
        },
      ],
    });
    const { token } = (await app.admin.get(`/api/automations/${hook.id}`)).body.trigger;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const call = (path: string, body: unknown) => app.anonymous.post(path, body);
    const created = await call(`/api/hooks/automations/${token}`, {
      values: { company: "表单公司", status: "new", source: "website" },
    });
    expect(created.status, created.text).toBe(202);
    expect(created.body.run_id).toBeTruthy();
    const lead = (await app.admin.get(`/api/records/lead/${created.body.record_id}`)).body;
    expect(lead).toMatchObject({ company: "表单公司", source: "website" });
    const [run] = await settledRuns(app, hook.id, 1);
    expect(run).toMatchObject({ status: "succeeded", trigger: "inbound_webhook", record_id: lead.id });
    expect((await notificationsOf(app, people.rep)).map((n) => n.title["zh-CN"])).toContain(
      "官网线索 表单公司",
    );
    // Not from the website: the record is made, the condition does not hold, no run.
    const other = await call(`/api/hooks/automations/${token}`, {
      values: { company: "电话公司", status: "new" },
    });
    expect(other.body.run_id).toBeNull();
    // An existing record by id; bad input and a wrong token are refused without a hint.
    expect((await call(`/api/hooks/automations/${token}`, { record_id: lead.id })).status).toBe(202);
    expect((await call(`/api/hooks/automations/${token}`, {})).status).toBe(400);
    expect(
      (
        await call(`/api/hooks/automations/${token}`, {
          values: { company: "坏来源", status: "new", source: "nowhere" },
        })
      ).status,
    ).toBe(400);
    const wrong = await call(`/api/hooks/automations/${"x".repeat(32)}`, { record_id: lead.id });
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe("AUTOMATION_HOOK_NOT_FOUND");
    await app.admin.patch(`/api/automations/${hook.id}`, { enabled: false });
    expect((await call(`/api/hooks/automations/${token}`, { record_id: lead.id })).status).toBe(404);
  });
});
