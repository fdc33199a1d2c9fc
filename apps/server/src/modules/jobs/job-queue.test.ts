import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BackgroundRegistry } from "../../server.ts";
import { startTestApp, type TestApp, testEngine } from "../../test/test-app.ts";
import { until } from "../../test/until.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let owner: TestApp;
let running = 0;
let mostAtOnce = 0;
const chained: unknown[] = [];

/** A slow queue worked three at a time, and a queue whose job sends another job. */
const register = ({ jobs }: BackgroundRegistry) => {
  jobs.register(
    "test.slow",
    async () => {
      mostAtOnce = Math.max(mostAtOnce, ++running);
      await sleep(1500);
      running--;
    },
    { concurrency: 3 },
  );
  // No retry: a send refused while the queue starts would lose the job.
  jobs.register("test.chain", async (data) => void (await jobs.send("test.chained", data)), {
    retryLimit: 0,
  });
  jobs.register("test.chained", async (data) => void chained.push(data));
};

beforeAll(async () => {
  owner = await startTestApp();
});
afterAll(() => owner?.close());

describe(`the job queue's workers on ${testEngine}`, () => {
  it("runs a queue's jobs as many at a time as its concurrency (one on PGlite)", async () => {
    const app = await startTestApp({ sameDatabaseAs: owner, register });
    try {
      // Each job outlasts a poll, so every worker polls while another is still busy.
      for (let i = 0; i < 3; i++) await app.server.jobs.send("test.slow", { i });
      await until("the slow jobs", () => running === 0 && mostAtOnce > 0, 20_000);
      await sleep(2000);
      expect(mostAtOnce).toBe(testEngine === "postgres" ? 3 : 1);
    } finally {
      await app.close();
    }
  });

  it("starts a job left from before a restart that sends another job", async () => {
    const before = await startTestApp({ sameDatabaseAs: owner, register });
    await before.server.jobs.send("test.chain", { n: 1 }, { startAfter: new Date(Date.now() + 1000) });
    await before.close();
    await sleep(1500);
    // Due when the next instance starts: its worker takes it at once, while the queue is still starting.
    const after = await startTestApp({ sameDatabaseAs: owner, register });
    try {
      await until("the chained job", () => chained.length > 0, 20_000);
      expect(chained).toEqual([{ n: 1 }]);
    } finally {
      await after.close();
    }
  });
});
