import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SmtpSink, smtpRefusal, startSmtpSink } from "../../test/smtp-sink.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";
import { MAIL_QUEUE, type MailInput } from "./index.ts";

// The answers to the next DATA commands, in order: a test that wants its message refused puts one here.
const refusals: Error[] = [];
let sink: SmtpSink;
let app: TestApp;
let unconfigured: TestApp;

beforeAll(async () => {
  sink = await startSmtpSink({
    refuse: () => refusals.shift() ?? null,
  });
  app = await startTestApp({
    env: { SMTP_URL: sink.url, SMTP_FROM: "客多 CRM <crm@example.com>", KEDUO_MAIL_RETRY_SECONDS: "1" },
  });
  unconfigured = await startTestApp();
});
afterAll(async () => {
  await app?.close();
  await unconfigured?.close();
  await sink?.close();
});

const mail = (key: string, extra: Partial<MailInput> = {}): MailInput => ({
  to: [{ email: "wang.fang@example.com", name: "王芳" }, { email: "bob@example.com" }],
  subject: `合同即将到期 ${key}`,
  text: "合同将在 30 天后到期。",
  html: "<p>合同将在 <b>30</b> 天后到期。</p>",
  messageKey: key,
  ...extra,
});
const enqueue = (target: TestApp, input: MailInput) =>
  target.database.db.transaction().execute((trx) => target.server.mail.enqueue(trx, input));
const arrived = (key: string) =>
  sink.received.filter((m) => m.headers.get("message-id") === `<${key}@example.com>`);
const waitFor = (key: string, count = 1) =>
  until(`${count} message(s) ${key}`, () => arrived(key).length >= count, 40_000);

describe(`email through a real SMTP server on ${testEngine}`, () => {
  it("delivers a queued message with its headers; the Message-ID is the occurrence's key", async () => {
    const queued = await enqueue(app, mail("contract.c1.renewal-30"));
    expect(queued).toMatchObject({ status: "queued", created: true });
    await waitFor("contract.c1.renewal-30");
    const [received] = arrived("contract.c1.renewal-30");
    expect(received?.to).toEqual(["wang.fang@example.com", "bob@example.com"]);
    expect(received?.from).toBe("crm@example.com");
    expect(received?.headers.get("subject")).toBe("合同即将到期 contract.c1.renewal-30");
    expect(received?.headers.get("from")).toBe("客多 CRM <crm@example.com>");
    expect(received?.headers.get("to")).toBe("王芳 <wang.fang@example.com>, bob@example.com");
    expect(received?.headers.get("content-type")).toMatch(/^multipart\/alternative/);
    await until(
      "recorded as sent",
      async () => (await app.server.mail.find("contract.c1.renewal-30"))?.status === "sent",
    );
    const stored = await app.server.mail.find("contract.c1.renewal-30");
    expect(stored).toMatchObject({ attempts: 1, last_error: null });
    expect(new Date(stored?.sent_at ?? 0).toISOString()).toBe(app.clock.now().toISOString());
  });

  it("stores and sends an occurrence once, and nothing from a transaction that rolled back", async () => {
    const again = await enqueue(app, mail("contract.c1.renewal-30", { subject: "另一个主题" }));
    expect(again).toMatchObject({ status: "sent", created: false });
    await expect(
      app.database.db.transaction().execute(async (trx) => {
        await app.server.mail.enqueue(trx, mail("rolled.back"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await app.server.mail.find("rolled.back")).toBeNull();
    // A delivery job run again for a message already sent (a crash after sending) sends nothing.
    const sent = await app.server.mail.find("contract.c1.renewal-30");
    await app.server.jobs.send(MAIL_QUEUE, { id: sent?.id });
    await enqueue(app, mail("after.redelivery"));
    await waitFor("after.redelivery");
    expect(arrived("contract.c1.renewal-30").length).toBe(1);
    expect(sink.received.some((m) => m.headers.get("message-id")?.startsWith("<rolled.back@"))).toBe(false);
  });

  it("a refused attempt is retried with backoff and arrives with the same Message-ID", async () => {
    refusals.push(smtpRefusal(451, "try again later"));
    const before = sink.attempts;
    await enqueue(app, mail("birthday.p7.2026"));
    await until("the refused attempt recorded", async () => {
      const stored = await app.server.mail.find("birthday.p7.2026");
      return stored?.attempts === 1 && (stored.last_error ?? "").includes("try again later");
    });
    expect((await app.server.mail.find("birthday.p7.2026"))?.status).toBe("queued");
    await waitFor("birthday.p7.2026");
    await until(
      "recorded as sent",
      async () => (await app.server.mail.find("birthday.p7.2026"))?.status === "sent",
    );
    expect(sink.attempts - before).toBe(2);
    expect(arrived("birthday.p7.2026").length).toBe(1);
    expect(await app.server.mail.find("birthday.p7.2026")).toMatchObject({ attempts: 2, last_error: null });
  });

  it("a refusal for good (550) is recorded as failed and not retried", async () => {
    refusals.push(smtpRefusal(550, "no such mailbox"));
    await enqueue(app, mail("welcome.a9"));
    await until(
      "recorded as failed",
      async () => (await app.server.mail.find("welcome.a9"))?.status === "failed",
    );
    expect(await app.server.mail.find("welcome.a9")).toMatchObject({ attempts: 1 });
    expect((await app.server.mail.find("welcome.a9"))?.last_error).toContain("no such mailbox");
  });

  it("without SMTP_URL a message is recorded as not configured and never queued", async () => {
    expect(unconfigured.server.mail.configured).toBe(false);
    const stored = await enqueue(unconfigured, mail("complaint.t1"));
    expect(stored).toMatchObject({ status: "not_configured", created: true });
    expect(await unconfigured.server.mail.find("complaint.t1")).toMatchObject({
      status: "not_configured",
      attempts: 0,
      last_error: "SMTP_URL is not set",
    });
  });

  it("refuses a key that cannot be a Message-ID and a recipient that is no address", async () => {
    await expect(enqueue(app, mail("has space"))).rejects.toThrow(/messageKey/);
    await expect(enqueue(app, mail("a..b"))).rejects.toThrow(/messageKey/);
    await expect(enqueue(app, mail("ok.key", { to: [{ email: "x@y>, evil@z" }] }))).rejects.toThrow(
      /not an address/,
    );
    await expect(enqueue(app, mail("ok.key", { subject: "two\r\nBcc: evil@z" }))).rejects.toThrow(/one line/);
    expect(await app.server.mail.find("ok.key")).toBeNull();
  });
});
