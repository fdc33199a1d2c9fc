import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HttpClient, HttpResponse } from "../../test/http-client.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { createTestUser, signIn, type TestUser } from "../../test/test-users.ts";
import type { NotifyInput } from "./index.ts";

let app: TestApp;
let ann: TestUser;
let bob: TestUser;
let annClient: HttpClient;
let bobClient: HttpClient;

beforeAll(async () => {
  app = await startTestApp();
  ann = await createTestUser(app, { name: "王芳" });
  bob = await createTestUser(app, { name: "Bob" });
  [annClient, bobClient] = await Promise.all([signIn(app, ann), signIn(app, bob)]);
});
afterAll(() => app?.close());

const text = (zh: string, en: string) => ({ "zh-CN": zh, en });
const input = (recipients: string[], extra: Partial<NotifyInput> = {}): NotifyInput => ({
  recipients,
  title: text("投诉工单", "Complaint ticket"),
  body: text("客户提交了投诉", "A customer filed a complaint"),
  ...extra,
});
const notify = (value: NotifyInput) =>
  app.database.db.transaction().execute((trx) => app.server.notifications.notify(trx, value));
const titles = async (client: HttpClient, query = "") => {
  const response = await client.get(`/api/notifications${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body.notifications.map((n: { title: { en: string } }) => n.title.en);
};
const unread = async (client: HttpClient) => (await client.get("/api/notifications/unread-count")).body.count;
const readAll = async (client: HttpClient) =>
  expect((await client.post("/api/notifications/read-all")).status).toBe(200);

describe(`in-app notifications on ${testEngine}`, () => {
  it("notifies every active recipient once in one statement; disabled, unknown and repeated ones are skipped", async () => {
    const carol = await createTestUser(app);
    expect((await app.admin.patch(`/api/users/${carol.id}`, { status: "disabled" })).status).toBe(200);
    const recordId = randomUUID();
    app.queries.length = 0;
    const created = await notify(
      input([ann.id, bob.id, ann.id, carol.id, randomUUID()], {
        link: { object: "ticket", recordId },
        source: { kind: "automation", automationId: "complaint", runId: "r1" },
      }),
    );
    expect(created).toBe(2);
    expect(app.queries.filter((q) => q.includes("INSERT INTO")).length).toBe(1);
    const mine = await annClient.get("/api/notifications");
    expect(mine.body.notifications).toEqual([
      {
        id: expect.any(String),
        title: text("投诉工单", "Complaint ticket"),
        body: text("客户提交了投诉", "A customer filed a complaint"),
        link: { object: "ticket", record_id: recordId },
        source: { kind: "automation", automationId: "complaint", runId: "r1" },
        // The business clock dates it, not the database's now().
        created_at: app.clock.now().toISOString(),
        read_at: null,
      },
    ]);
    expect(await unread(bobClient)).toBe(1);
    await Promise.all([readAll(annClient), readAll(bobClient)]);
  });

  it("a redelivered event with the same dedupe key notifies nobody twice", async () => {
    expect(await notify(input([ann.id], { dedupeKey: "run:42" }))).toBe(1);
    expect(await notify(input([ann.id], { dedupeKey: "run:42" }))).toBe(0);
    // The key is per user: someone added to the recipients still gets theirs.
    expect(await notify(input([ann.id, bob.id], { dedupeKey: "run:42" }))).toBe(1);
    expect(await unread(annClient)).toBe(1);
    expect(await unread(bobClient)).toBe(1);
    await Promise.all([readAll(annClient), readAll(bobClient)]);
  });

  it("exists only if the caller's transaction commits", async () => {
    const rolledBack = app.database.db.transaction().execute(async (trx) => {
      await app.server.notifications.notify(trx, input([ann.id]));
      throw new Error("the change failed");
    });
    await expect(rolledBack).rejects.toThrow("the change failed");
    expect(await unread(annClient)).toBe(0);
  });

  it("pages newest first by keyset, ties on the clock in id order; the unread filter and count agree", async () => {
    const start = app.clock.now();
    for (let i = 1; i <= 5; i++) {
      // Two share a moment: the cursor must carry the id as well as the time.
      if (i !== 3) app.clock.set(new Date(start.getTime() + i * 60_000));
      await notify(input([ann.id], { title: text(`通知 ${i}`, `n${i}`) }));
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: HttpResponse = await annClient.get(
        `/api/notifications?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.status, page.text).toBe(200);
      expect(page.body.notifications.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.notifications.map((n: { title: { en: string } }) => n.title.en));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen.slice(0, 5)).toEqual(["n5", "n4", "n3", "n2", "n1"]);

    const [, fourth] = (await annClient.get("/api/notifications?limit=2")).body.notifications;
    const read = await annClient.post(`/api/notifications/${fourth.id}/read`);
    expect(read.status, read.text).toBe(200);
    expect(read.body.read_at).toBe(app.clock.now().toISOString());
    // Reading it again keeps the first reading.
    app.clock.set(new Date(app.clock.now().getTime() + 60_000));
    expect((await annClient.post(`/api/notifications/${fourth.id}/read`)).body.read_at).toBe(
      read.body.read_at,
    );
    expect(await titles(annClient, "?unread=true")).toEqual(["n5", "n3", "n2", "n1"]);
    expect(await unread(annClient)).toBe(4);
    const all = await annClient.post("/api/notifications/read-all");
    expect(all.body).toEqual({ updated: 4 });
    expect(await unread(annClient)).toBe(0);
    expect(await titles(annClient, "?unread=true")).toEqual([]);
  });

  it("another user's notification answers 404 exactly like a missing one, and stays unread", async () => {
    await notify(input([bob.id], { title: text("私人", "private to bob") }));
    const [bobs] = (await bobClient.get("/api/notifications?unread=true")).body.notifications;
    const theirs = await annClient.post(`/api/notifications/${bobs.id}/read`);
    const missing = await annClient.post(`/api/notifications/${randomUUID()}/read`);
    expect([theirs.status, theirs.body.code]).toEqual([404, "NOTIFICATION_NOT_FOUND"]);
    expect([missing.status, missing.body.code]).toEqual([404, "NOTIFICATION_NOT_FOUND"]);
    expect(theirs.body.title).toBe(missing.body.title);
    expect(await titles(annClient)).not.toContain("private to bob");
    // The admin has no way into another user's inbox either.
    expect((await app.admin.post(`/api/notifications/${bobs.id}/read`)).status).toBe(404);
    expect(await unread(bobClient)).toBe(1);
  });

  it("refuses a cursor that is not one, and asks for a session", async () => {
    const forged = await annClient.get(`/api/notifications?cursor=2026-13-45T00:00:00.000Z_${randomUUID()}`);
    expect([forged.status, forged.body.code]).toEqual([400, "NOTIFICATION_CURSOR_INVALID"]);
    expect((await annClient.get("/api/notifications?cursor=abc")).status).toBe(400);
    expect((await app.anonymous.get("/api/notifications")).status).toBe(401);
    expect((await app.anonymous.get("/api/notifications/unread-count")).status).toBe(401);
  });

  it("refuses input an engine got wrong before writing anything", async () => {
    await expect(notify(input(["not-a-user-id"]))).rejects.toThrow(/user ids/);
    await expect(notify({ ...input([ann.id]), title: { "zh-CN": "只有中文" } as never })).rejects.toThrow(
      /en text/,
    );
    await expect(notify(input([ann.id], { link: { object: "x", recordId: "nope" } }))).rejects.toThrow(
      /record id/,
    );
    expect(await notify(input([]))).toBe(0);
  });

  it("is listed in openapi.json for any signed-in user", async () => {
    const document = (await annClient.get("/api/openapi.json")).body;
    for (const path of [
      "/api/notifications",
      "/api/notifications/unread-count",
      "/api/notifications/{id}/read",
      "/api/notifications/read-all",
    ]) {
      const operation = Object.values(document.paths[path] ?? {})[0] as Record<string, unknown>;
      expect(operation?.["x-keduo-access"], path).toBe("authenticated");
    }
  });
});
