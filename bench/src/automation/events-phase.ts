import { formatCount, progress } from "../lib/progress.ts";
import type { BenchServer } from "../lib/server.ts";
import { summarize } from "../lib/stats.ts";
import {
  type AutomationContext,
  createAutomation,
  createObject,
  notifyOwner,
  until,
  type World,
  withWorld,
} from "./world.ts";

const OBJECT = "bench_ticket";

/** Open-loop creates at `rate` per second (each starts on schedule); when each answer arrived, by record id. */
async function pacedCreates(server: BenchServer, rate: number, seconds: number, offset: number) {
  const answeredAt = new Map<string, number>();
  const round: number[] = [];
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < rate * seconds; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      server.api
        .send("POST", `/api/records/${OBJECT}`, JSON.stringify({ name: `工单 ${offset + i}` }))
        .then((r) => {
          if (r.status !== 201) throw new Error(`create answered ${r.status}: ${r.text.slice(0, 300)}`);
          round.push(performance.now() - sent);
          answeredAt.set((JSON.parse(r.text) as { id: string }).id, Date.now());
        }),
    );
  }
  await Promise.all(pending);
  return { answeredAt, round };
}

/** Each record's run finish, notification and email times (ms since the epoch), once all are there. */
async function outcomes(world: World, ids: string[]) {
  await until(
    `${ids.length} runs finished, notified and mailed`,
    async () => {
      const [row] = await world.query<{ open: string; notified: string }>(
        `SELECT (SELECT count(*) FROM ${world.sys}.automation_runs WHERE status IN ('queued', 'running')) AS open,
                (SELECT count(*) FROM ${world.sys}.notifications WHERE link_record_id = ANY($1::uuid[])) AS notified`,
        [ids],
      );
      return Number(row?.open) === 0 && Number(row?.notified) >= ids.length;
    },
    120_000,
  );
  const rows = await world.query<{ record_id: string; finished_at: Date; status: string; notified: Date }>(
    `SELECT r.record_id, r.finished_at, r.status, n.created_at AS notified
     FROM ${world.sys}.automation_runs r JOIN ${world.sys}.notifications n ON n.link_record_id = r.record_id
     WHERE r.record_id = ANY($1::uuid[])`,
    [ids],
  );
  // The message key is <run>.<action>.<user>: the run's record is found through the run.
  const runOf = new Map(
    (
      await world.query<{ id: string; record_id: string }>(
        `SELECT id, record_id FROM ${world.sys}.automation_runs WHERE record_id = ANY($1::uuid[])`,
        [ids],
      )
    ).map((row) => [row.id, row.record_id]),
  );
  await until(`${ids.length} emails received`, async () => world.sink.received.length >= ids.length, 120_000);
  const mailed = new Map<string, number>();
  for (const mail of world.sink.received) {
    const run = /^<([0-9a-f-]{36})\./.exec(mail.headers.get("message-id") ?? "")?.[1];
    const record = run ? runOf.get(run) : undefined;
    if (record && !mailed.has(record)) mailed.set(record, mail.at);
  }
  return { rows, mailed };
}

/**
 * Phase 2: a "record created → notify the owner (in-app and email)" automation while records are created
 * through HTTP at a steady rate; latency from each create's answer to its run's finish (the action done),
 * its notification row, and its email at the SMTP server.
 */
export async function eventsPhase(ctx: AutomationContext): Promise<void> {
  const phase = "2";
  const { rate, paceSeconds } = ctx.sizes;
  await withWorld("keduo_bench_run_automation_2", ctx.keep, async (world) => {
    const { server } = world;
    await createObject(server, OBJECT, [{ name: "name", type: "text" }]);
    await createAutomation(server, {
      object: OBJECT,
      api_name: "ticket_created",
      labels: { "zh-CN": "新工单通知", en: "New ticket" },
      trigger: { kind: "record_created" },
      actions: [notifyOwner(true)],
    });
    // Warm-up, unmeasured: the write path, the run queue and the SMTP pool.
    const warm = await pacedCreates(server, rate, 2, 0);
    await outcomes(world, [...warm.answeredAt.keys()]);
    world.sink.received.length = 0;
    progress(phase, `${rate} creates/s for ${paceSeconds} s`);
    const { answeredAt, round } = await pacedCreates(server, rate, paceSeconds, 1_000_000);
    const { rows, mailed } = await outcomes(world, [...answeredAt.keys()]);
    const after = (at: (row: (typeof rows)[number]) => number) =>
      summarize(rows.map((row) => at(row) - (answeredAt.get(row.record_id) ?? Number.NaN)));
    const done = after((row) => row.finished_at.getTime());
    const notified = after((row) => row.notified.getTime());
    const mail = after((row) => mailed.get(row.record_id) ?? Number.NaN);
    const writes = summarize(round);
    const failed = rows.filter((row) => row.status !== "succeeded").length;
    progress(
      phase,
      `answer → run done p50 ${done.p50.toFixed(0)} / p95 ${done.p95.toFixed(0)} ms; notification p95 ${notified.p95.toFixed(0)} ms; email p95 ${mail.p95.toFixed(0)} ms; create round trip p95 ${writes.p95.toFixed(0)} ms`,
    );
    const title = `record created → notify, ${rate}/s for ${paceSeconds} s (PostgreSQL)`;
    ctx.results.push(
      {
        phase,
        title,
        metric: "answer → run done p95",
        value: done.p95,
        unit: "ms",
        target: 1000,
        notes: `p50 ${done.p50.toFixed(0)}, p99 ${done.p99.toFixed(0)}, max ${done.max.toFixed(0)} ms; n=${formatCount(done.count)}; ${failed} not succeeded`,
      },
      {
        phase: "2b",
        title,
        metric: "answer → notification row p95",
        value: notified.p95,
        unit: "ms",
        target: null,
        notes: `p50 ${notified.p50.toFixed(0)} ms (the row's time is read before its commit)`,
      },
      {
        phase: "2c",
        title,
        metric: "answer → email received p95",
        value: mail.p95,
        unit: "ms",
        target: null,
        notes: `p50 ${mail.p50.toFixed(0)} ms; create round trip p50 ${writes.p50.toFixed(0)} / p95 ${writes.p95.toFixed(0)} ms`,
      },
    );
    ctx.details[phase] = { done, notified, mail, writes, failed };
  });
}
