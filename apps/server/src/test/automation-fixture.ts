import type { AutomationRun } from "@keduo/core";
import { expect } from "vitest";
import type { HttpClient } from "./http-client.ts";
import { startSmtpSink } from "./smtp-sink.ts";
import { startTestApp, type TestApp } from "./test-app.ts";
import { createTestUser, type TestUser } from "./test-users.ts";
import { until } from "./until.ts";

export const text = (zh: string, en = zh) => ({ "zh-CN": zh, en });

export type AutomationPeople = Awaited<ReturnType<typeof createAutomationFixture>>;

/** A test server with the automation fixture and a real SMTP server its email goes to. */
export async function startAutomationWorld() {
  const sink = await startSmtpSink();
  const app = await startTestApp({ env: { SMTP_URL: sink.url } });
  const people = await createAutomationFixture(app);
  return {
    app,
    sink,
    people,
    async close() {
      await app.close();
      await sink.close();
    },
  };
}

/** An active account with a made-up name, owned by `owner`. */
export function accountOwnedBy(app: TestApp, owner: TestUser, values: Record<string, unknown> = {}) {
  return createRecord(app.admin, "account", {
    name: `客户 ${Math.random().toString(36).slice(2, 8)}`,
    lifecycle_stage: "active",
    owner_id: owner.id,
    ...values,
  });
}

/**
 * The CRM template applied, with its own automations switched off so a test counts only what it built; a
 * rep with a manager, and a service-team member.
 */
export async function createAutomationFixture(app: TestApp) {
  const applied = await app.admin.post("/api/admin/templates/crm/apply");
  expect(applied.status, applied.text).toBe(200);
  const listed = await app.admin.get("/api/automations");
  for (const automation of listed.body.automations as Array<{ id: string; enabled: boolean }>)
    if (automation.enabled)
      expect((await app.admin.patch(`/api/automations/${automation.id}`, { enabled: false })).status).toBe(
        200,
      );
  const manager = await createTestUser(app, { roles: ["sales_manager"], name: "李经理" });
  const rep = await createTestUser(app, { roles: ["sales_rep"], name: "王芳" });
  expect((await app.admin.patch(`/api/users/${rep.id}`, { manager_id: manager.id })).status).toBe(200);
  const service = await createTestUser(app, { roles: ["service"], name: "赵客服" });
  return { manager, rep, service };
}

export async function createAutomation(client: HttpClient, body: Record<string, unknown>) {
  const created = await client.post("/api/automations", { enabled: true, ...body });
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; version: number };
}

export async function createRecord(client: HttpClient, object: string, values: Record<string, unknown>) {
  const created = await client.post(`/api/records/${object}`, values);
  expect(created.status, created.text).toBe(201);
  return created.body as { id: string; version: number } & Record<string, unknown>;
}

export async function runsOf(app: TestApp, automationId: string): Promise<AutomationRun[]> {
  const response = await app.admin.get(`/api/automations/${automationId}/runs`);
  expect(response.status, response.text).toBe(200);
  return response.body.runs;
}

/** Waits until the automation has `count` runs and none is still queued or running. */
export async function settledRuns(app: TestApp, automationId: string, count: number) {
  let runs: AutomationRun[] = [];
  await until(`${count} finished runs of ${automationId}`, async () => {
    runs = await runsOf(app, automationId);
    return runs.length >= count && runs.every((run) => !["queued", "running"].includes(run.status));
  });
  return runs;
}

export async function notificationsOf(app: TestApp, user: TestUser) {
  const client = await app.login(user.email, user.password);
  const response = await client.get("/api/notifications");
  expect(response.status, response.text).toBe(200);
  return response.body.notifications as Array<{
    title: Record<string, string>;
    body: Record<string, string>;
    link: { object: string; record_id: string } | null;
  }>;
}
