import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";
import type { Timer } from "./index.ts";

let app: TestApp;
const recounts: Array<Record<string, unknown>> = [];
const fired: Array<{ timer: Timer; at: Date }> = [];
let failures = 0;

beforeAll(async () => {
  app = await startTestApp({
    register: ({ timers, jobs }) => {
      timers.register("test.reminder", async (timer) => void fired.push({ timer, at: app.clock.now() }));
      jobs.register(
        "test.always-fails",
        async () => {
          failures++;
          throw new Error("this job always fails");
        },
        { retryLimit: 1, retryDelaySeconds: 1 },
      );
      jobs.register(
        "test.recount",
        async (data) => {
          recounts.push(data);
          await new Promise((resolve) => setTimeout(resolve, 1_500));
        },
        { singleton: true },
      );
    },
  });
});

afterAll(async () => {
  await app?.close();
});

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("timers on the business clock", () => {
  it("fires a timer set for in 3 days when the clock moves 3 days, and not before", async () => {
    const dueAt = new Date(app.clock.now().getTime() + 3 * DAY);
    await app.database.db.transaction().execute(async (trx) => {
      await app.server.timers.schedule(trx, {
        kind: "test.reminder",
        key: "deal-1",
        dueAt,
        data: { deal: 1 },
      });
    });
    app.clock.advance(3 * DAY - 60_000);
    // Several scans (every second) and queue polls pass with the clock a minute short: nothing fires.
    await sleep(3_000);
    expect(fired).toEqual([]);
    app.clock.advance(60_000);
    await until("the timer to fire", () => fired.length > 0, 20_000);
    expect(fired).toHaveLength(1);
    expect(fired[0]!.timer).toEqual({ kind: "test.reminder", key: "deal-1", dueAt, data: { deal: 1 } });
    expect(fired[0]!.at.getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    const left = await app.database.db.selectFrom("timers").select("id").execute();
    expect(left).toEqual([]);
  });

  it("moves a timer scheduled again with the same key, and cancels one", async () => {
    const now = app.clock.now().getTime();
    await app.database.db.transaction().execute(async (trx) => {
      const { timers } = app.server;
      await timers.schedule(trx, {
        kind: "test.reminder",
        key: "k",
        dueAt: new Date(now + DAY),
        data: { n: 1 },
      });
      await timers.schedule(trx, {
        kind: "test.reminder",
        key: "k",
        dueAt: new Date(now + 2 * DAY),
        data: { n: 2 },
      });
      await timers.schedule(trx, {
        kind: "test.reminder",
        key: "gone",
        dueAt: new Date(now + DAY),
        data: {},
      });
      expect(await timers.cancel(trx, "test.reminder", "gone")).toBe(true);
    });
    app.clock.advance(DAY);
    expect(await app.server.timers.runDue()).toBe(0);
    app.clock.advance(DAY);
    expect(await app.server.timers.runDue()).toBe(1);
    await until("the moved timer", () => fired.some((f) => f.timer.key === "k"), 20_000);
    expect(fired.filter((f) => f.timer.key === "k").map((f) => f.timer.data)).toEqual([{ n: 2 }]);
  });

  it("refuses a timer kind nobody registered, and registrations after start", async () => {
    await expect(
      app.database.db
        .transaction()
        .execute((trx) =>
          app.server.timers.schedule(trx, { kind: "nobody", key: "x", dueAt: new Date(), data: {} }),
        ),
    ).rejects.toThrow(/not registered/);
    expect(() => app.server.timers.register("late", async () => {})).toThrow(/after start/);
    expect(() => app.server.jobs.register("late", async () => {})).toThrow(/after the job queue started/);
  });
});

describe("the job queue", () => {
  it("keeps one job per key on a singleton queue until it has run, and refuses keys elsewhere", async () => {
    const { jobs } = app.server;
    expect(await jobs.send("test.recount", { account: "a", n: 1 }, { singletonKey: "a" })).toBe(true);
    expect(await jobs.send("test.recount", { account: "a", n: 2 }, { singletonKey: "a" })).toBe(false);
    expect(await jobs.send("test.recount", { account: "b", n: 1 }, { singletonKey: "b" })).toBe(true);
    await until("both recounts", () => recounts.length === 2, 20_000);
    expect(recounts.map((r) => r.account).sort()).toEqual(["a", "b"]);
    // Once "a" has finished, the key is free again.
    await until(
      "the key to be free",
      () => jobs.send("test.recount", { account: "a", n: 3 }, { singletonKey: "a" }),
      20_000,
    );
    await until("the third recount", () => recounts.length === 3, 20_000);
    await expect(jobs.send("test.always-fails", {}, { singletonKey: "x" })).rejects.toThrow(
      /not a singleton queue/,
    );
  });

  it("retries a failing job with backoff, then lists it as a dead letter", async () => {
    await app.server.jobs.send("test.always-fails", { order: 7 });
    await until(
      "the dead letter",
      async () => (await app.admin.get("/api/admin/jobs/dead-letters")).body.jobs.length > 0,
      30_000,
    );
    expect(failures).toBe(2);
    const { body } = await app.admin.get("/api/admin/jobs/dead-letters");
    expect(body.jobs).toEqual([
      expect.objectContaining({ queue: "test.always-fails", data: { order: 7 }, retries: 1 }),
    ]);
    expect(JSON.stringify(body.jobs[0].error)).toContain("this job always fails");
  });
});
