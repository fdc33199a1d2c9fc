import type { LookupAddress } from "node:dns";
import type { WebhookDelivery } from "@keduo/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAutomationFixture, createRecord, settledRuns, text } from "../../test/automation-fixture.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import type { TestUser } from "../../test/test-users.ts";
import { until } from "../../test/until.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../../test/webhook-receiver.ts";
import type { WebhookResolver } from "./index.ts";
import { verifySignature } from "./webhook/index.ts";

let app: TestApp;
let receiver: WebhookReceiver;
let people: { rep: TestUser };

/** DNS as the test wants it: `hooks.example.test` is 127.0.0.1, as a rebinding name would be at connect time. */
const resolver: WebhookResolver = (name, _options, callback) => {
  const addresses: LookupAddress[] =
    name === "hooks.example.test" ? [{ address: "127.0.0.1", family: 4 }] : [];
  setImmediate(() =>
    addresses.length
      ? callback(null, addresses)
      : callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" }), []),
  );
};

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  app = await startTestApp({
    env: { KEDUO_WEBHOOK_ALLOW_HOSTS: "127.0.0.1", KEDUO_WEBHOOK_RETRY_SECONDS: "1" },
    webhookResolver: resolver,
  });
  people = await createAutomationFixture(app);
});
afterAll(async () => {
  await app?.close();
  await receiver?.close();
});

let counter = 0;
async function webhookAutomation(url: string, extra: Record<string, unknown> = {}) {
  counter++;
  const response = await app.admin.post("/api/automations", {
    object: "account",
    api_name: `hook_${counter}`,
    labels: text(`推送 ${counter}`, `Push ${counter}`),
    enabled: true,
    trigger: { kind: "record_created" },
    condition: `name = "hook ${counter}"`,
    actions: [{ kind: "webhook", url, ...extra }],
  });
  expect(response.status, response.text).toBe(201);
  const automation = response.body as { id: string; actions: Array<{ secret: string; url: string }> };
  const account = await createRecord(app.admin, "account", {
    name: `hook ${counter}`,
    lifecycle_stage: "active",
    owner_id: people.rep.id,
  });
  const [run] = await settledRuns(app, automation.id, 1);
  if (!run) throw new Error("no run");
  return { automation, account, run, secret: automation.actions[0]?.secret ?? "" };
}

async function deliveriesOf(runId: string): Promise<WebhookDelivery[]> {
  const response = await app.admin.get(`/api/automation-runs/${runId}/webhooks`);
  expect(response.status, response.text).toBe(200);
  return response.body.deliveries;
}

async function settledDelivery(runId: string): Promise<WebhookDelivery> {
  let delivery: WebhookDelivery | undefined;
  await until(`the webhook of run ${runId} settled`, async () => {
    [delivery] = await deliveriesOf(runId);
    return delivery !== undefined && delivery.status !== "queued";
  });
  if (!delivery) throw new Error("no delivery");
  return delivery;
}

describe(`webhook actions on ${testEngine}`, () => {
  it("posts the record to the receiver, signed as Standard Webhooks with a generated secret", async () => {
    const { automation, account, run, secret } = await webhookAutomation(`${receiver.url}/crm?token=s3cret`);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    // The run log says it is queued, and shows the receiver's origin only (the query may hold its token).
    const webhookId = `msg_${run.id.replaceAll("-", "")}_0`;
    expect(run).toMatchObject({ status: "succeeded" });
    expect(run.steps).toEqual([
      expect.objectContaining({
        kind: "webhook",
        outcome: "done",
        detail: `webhook ${webhookId} queued for ${receiver.url}`,
      }),
    ]);

    const delivery = await settledDelivery(run.id);
    expect(delivery).toMatchObject({
      webhook_id: webhookId,
      action: 0,
      url: `${receiver.url}/crm?token=s3cret`,
      status: "delivered",
      attempts: 1,
      response_status: 200,
      last_error: null,
    });
    const [request, ...more] = receiver.received.filter((r) => r.headers["webhook-id"] === webhookId);
    expect(more).toEqual([]);
    if (!request) throw new Error("nothing received");
    expect(request.path).toBe("/crm?token=s3cret");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["webhook-timestamp"]).toBe(String(Math.floor(app.clock.now().getTime() / 1000)));
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const signed = {
      "webhook-id": request.headers["webhook-id"] ?? "",
      "webhook-timestamp": request.headers["webhook-timestamp"] ?? "",
      "webhook-signature": request.headers["webhook-signature"] ?? "",
    };
    expect(verifySignature(secret, signed, request.body)).toBe(true);
    expect(verifySignature(secret, signed, request.body.replace("hook", "h00k"))).toBe(false);
    const payload = JSON.parse(request.body);
    expect(payload).toMatchObject({
      type: "automation.webhook",
      data: {
        automation: { id: automation.id, api_name: `hook_${counter}`, object: "account" },
        run: { id: run.id, action: 0 },
        record: { id: account.id, name: account.name, lifecycle_stage: "active", owner_id: people.rep.id },
      },
    });
    // The secret stays with the admins' automation: neither the run log nor the body carries it.
    expect(JSON.stringify(run)).not.toContain(secret);
    expect(request.body).not.toContain(secret);
  });

  it("retries a receiver that answered 500 with the same webhook-id and body, until it answers 200", async () => {
    receiver.answer("/flaky", [500, 429]);
    const secret = `whsec_${Buffer.alloc(24, 7).toString("base64")}`;
    const { run, automation } = await webhookAutomation(`${receiver.url}/flaky`, { secret });
    expect((await app.admin.get(`/api/automations/${automation.id}`)).body.actions[0].secret).toBe(secret);
    const delivery = await settledDelivery(run.id);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, response_status: 200 });
    const requests = receiver.received.filter((r) => r.path === "/flaky");
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery.webhook_id]));
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    for (const request of requests) {
      const headers = {
        "webhook-id": request.headers["webhook-id"] ?? "",
        "webhook-timestamp": request.headers["webhook-timestamp"] ?? "",
        "webhook-signature": request.headers["webhook-signature"] ?? "",
      };
      expect(verifySignature(secret, headers, request.body)).toBe(true);
    }
  });

  it("gives up at once on an answer that retrying would not change (404)", async () => {
    receiver.answer("/gone", [404]);
    const { run } = await webhookAutomation(`${receiver.url}/gone`);
    expect(await settledDelivery(run.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      response_status: 404,
      last_error: `127.0.0.1:${receiver.port} answered 404`,
    });
    expect(receiver.received.filter((r) => r.path === "/gone")).toHaveLength(1);
  });

  it("refuses, when saved, webhooks to the metadata service, private networks and this machine", async () => {
    const refused = {
      "http://169.254.169.254/latest/meta-data/": "169.254.0.0/16",
      "http://10.1.2.3/hook": "10.0.0.0/8",
      "https://192.168.0.1/": "192.168.0.0/16",
      "http://localhost:8080/": "localhost",
      "http://[::1]/": "::1/128",
      "http://[::ffff:a9fe:a9fe]/": "169.254.0.0/16 in ::ffff:0:0/96",
      // 10.0.0.1 spelled in hex (127.0.0.1 is allowed in this test: it is where the receiver listens).
      "http://0x0a000001/": "10.0.0.0/8",
    };
    for (const [url, range] of Object.entries(refused)) {
      const response = await app.admin.post("/api/automations", {
        object: "account",
        api_name: "refused_hook",
        labels: text("推送", "Push"),
        trigger: { kind: "record_created" },
        actions: [
          { kind: "notify", recipients: [{ kind: "owner" }], title: text("新客户"), body: text("{{name}}") },
          { kind: "webhook", url },
        ],
      });
      expect(response.status, url).toBe(400);
      expect(response.body.errors, url).toEqual([
        {
          field: "actions.1.url",
          code: "webhook_address_refused",
          message: expect.stringContaining(`it is in ${range}, a private, loopback`),
        },
      ]);
    }
    app.admin.locale = "zh-CN";
    try {
      const bad = await app.admin.post("/api/automations", {
        object: "account",
        api_name: "bad_hook",
        labels: text("推送", "Push"),
        trigger: { kind: "record_created" },
        actions: [
          { kind: "webhook", url: "http://169.254.169.254/" },
          { kind: "webhook", url: "ftp://example.com/x" },
          { kind: "webhook", url: "https://user:pw@example.com/" },
          { kind: "webhook", url: "https://example.com/", secret: "whsec_dG9vIHNob3J0" },
        ],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([
        {
          field: "actions.0.url",
          code: "webhook_address_refused",
          message:
            "不能调用 169.254.169.254：它属于内网、回环、链路本地或保留地址段 169.254.0.0/16；管理员可在 KEDUO_WEBHOOK_ALLOW_HOSTS 中放行该主机",
        },
        { field: "actions.1.url", code: "webhook_url_invalid", message: expect.stringContaining("http://") },
        { field: "actions.2.url", code: "webhook_url_invalid", message: expect.stringContaining("用户名") },
        {
          field: "actions.3.secret",
          code: "webhook_secret_invalid",
          message: expect.stringContaining("whsec_"),
        },
      ]);
    } finally {
      app.admin.locale = "en";
    }
  });

  it("refuses at connect time a name that resolves to 127.0.0.1, and does not retry it", async () => {
    // Saving cannot know where a name will point when it is called: the guard judges the address connected to.
    const before = receiver.received.length;
    const { run } = await webhookAutomation(`http://hooks.example.test:${receiver.port}/rebound`);
    expect(run.status).toBe("succeeded");
    expect(await settledDelivery(run.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      response_status: null,
      last_error: expect.stringMatching(
        /hooks\.example\.test resolves to 127\.0\.0\.1, in 127\.0\.0\.0\/8: refused/,
      ),
    });
    expect(receiver.received.length).toBe(before);
  });
});
