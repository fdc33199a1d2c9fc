import { formatCount, progress } from "../lib/progress.ts";
import { countStatements } from "../lib/statements.ts";
import {
  type AutomationContext,
  cpuMeter,
  createAutomation,
  createObject,
  fromToday,
  notifyOwner,
  seconds,
  until,
  type World,
  withWorld,
} from "./world.ts";

const OBJECT = "bench_contract";

/**
 * What the sink and the database hold so far, for progress lines and the final figures. The sink's messages
 * are taken in as they come (not all again at each look): this process's CPU is part of what is measured.
 */
function deliveries(world: World) {
  const ids = new Set<string | undefined>();
  let seen = 0;
  let lastMail = Number.NEGATIVE_INFINITY;
  return async () => {
    const [row] = await world.query<{ notified: string; last: Date | null; open: string; failed: string }>(
      `SELECT (SELECT count(*) FROM ${world.sys}.notifications) AS notified,
              (SELECT max(created_at) FROM ${world.sys}.notifications) AS last,
              (SELECT count(*) FROM ${world.sys}.automation_runs WHERE status IN ('queued', 'running')) AS open,
              (SELECT count(*) FROM ${world.sys}.automation_runs WHERE status = 'failed') AS failed`,
    );
    const { received } = world.sink;
    for (; seen < received.length; seen++) {
      const mail = received[seen];
      if (!mail) continue;
      ids.add(mail.headers.get("message-id"));
      lastMail = Math.max(lastMail, mail.at);
    }
    return {
      notified: Number(row?.notified ?? 0),
      lastNotification: row?.last?.getTime() ?? Number.NaN,
      openRuns: Number(row?.open ?? 0),
      failedRuns: Number(row?.failed ?? 0),
      mails: ids.size,
      received: received.length,
      lastMail,
    };
  };
}

/**
 * Phase 1: N contracts whose end date is 30 days away, and a "30 days before the end" reminder (in-app and
 * email to the owner): one scan finds them all due in the same minute. Measured from the scan's start to the
 * last notification written and the last email the SMTP server accepted.
 */
export async function timersPhase(ctx: AutomationContext): Promise<void> {
  const phase = "1";
  const count = ctx.sizes.timers;
  await withWorld("keduo_bench_run_automation_1", ctx.keep, async (world) => {
    const { server } = world;
    await createObject(server, OBJECT, [
      { name: "name", type: "text" },
      { name: "status", type: "text" },
      { name: "end_date", type: "date", indexed: true },
    ]);
    await world.query(
      `INSERT INTO ${world.ws}.${OBJECT}
         (id, created_at, updated_at, created_by, updated_by, owner_id, version, name, status, end_date)
       SELECT gen_random_uuid(), now(), now(), $1, $1, $1, 1, '合同 ' || i, 'active', $2::date
       FROM generate_series(1, $3::int) AS i`,
      [world.adminId, fromToday(30), count],
    );
    await world.query(`ANALYZE ${world.ws}.${OBJECT}`);
    await createAutomation(server, {
      object: OBJECT,
      api_name: "renewal_30",
      labels: { "zh-CN": "到期前 30 天提醒", en: "30 days before the end" },
      trigger: { kind: "date_relative", field: "end_date", offset: -30, unit: "days", late_days: 0 },
      condition: 'status = "active"',
      actions: [notifyOwner(true)],
    });
    progress(phase, `${formatCount(count)} contracts end in 30 days; scanning`);
    const delivered = deliveries(world);
    const cpu = await cpuMeter(world);
    const statements = countStatements();
    const started = Date.now();
    const fired = await server.keduo.automation.scanTimed();
    const scanMs = Date.now() - started;
    progress(phase, `the scan queued ${formatCount(fired)} runs in ${scanMs} ms`);
    let last = 0;
    await until(
      "every reminder notified and mailed",
      async () => {
        const state = await delivered();
        if (Date.now() - last > 5000) {
          last = Date.now();
          progress(
            phase,
            `${seconds(Date.now() - started).toFixed(0)} s: ${formatCount(state.notified)} notified, ${formatCount(state.mails)} mailed, ${formatCount(state.openRuns)} runs open`,
          );
        }
        return state.notified >= count && state.mails >= count && state.openRuns === 0;
      },
      300_000,
      // Rarely: each look counts rows, and its PostgreSQL time would be charged to the reminders.
      { everyMs: 1000, describe: async () => JSON.stringify(await delivered()) },
    );
    const used = await cpu();
    const sent = statements.stop();
    const state = await delivered();
    const toNotification = seconds(state.lastNotification - started);
    const toMail = seconds(state.lastMail - started);
    progress(
      phase,
      `last notification ${toNotification.toFixed(1)} s, last email ${toMail.toFixed(1)} s after the scan started`,
    );
    const title = `${formatCount(count)} reminders due in one minute (PostgreSQL)`;
    const note = `scan ${scanMs} ms for ${formatCount(fired)} occurrences; ${state.failedRuns} runs failed`;
    ctx.results.push(
      {
        phase,
        title,
        metric: "scan → last notification",
        value: toNotification,
        unit: "s",
        target: 60,
        notes: `${note}; ${(count / toNotification).toFixed(0)} runs/s`,
      },
      {
        phase: "1b",
        title,
        metric: "scan → last email received",
        value: toMail,
        unit: "s",
        target: 60,
        notes: `${(count / toMail).toFixed(0)} emails/s; ${state.received - state.mails} received twice`,
      },
    );
    // What one reminder costs, and how many two cores would carry with nobody else on them.
    const perReminder = { node: (1000 * used.node) / count, postgres: (1000 * used.postgres) / count };
    const ceiling = 2000 / (perReminder.node + perReminder.postgres);
    ctx.results.push({
      phase: "1c",
      title,
      metric: "CPU per reminder (all of it)",
      value: perReminder.node + perReminder.postgres,
      unit: "ms",
      target: null,
      notes: `Node ${perReminder.node.toFixed(2)} ms (server, SMTP server, bench), PostgreSQL ${perReminder.postgres.toFixed(2)} ms: 2 free cores ≈ ${ceiling.toFixed(0)} reminders/s, ${formatCount(count)} in ${(count / ceiling).toFixed(0)} s`,
    });
    // Every statement of this process's clients (server, queue, the polls above) per reminder, and the most
    // frequent: each is a loopback round trip, and what a reminder costs is mostly how many it takes.
    const total = sent.reduce((sum, s) => sum + s.count, 0);
    const top = sent.slice(0, 20).map((s) => ({ perReminder: +(s.count / count).toFixed(2), sql: s.sql }));
    ctx.results.push({
      phase: "1d",
      title,
      metric: "statements per reminder",
      value: total / count,
      unit: "statements",
      target: null,
      notes: top
        .slice(0, 6)
        .map((s) => `${s.perReminder}× ${s.sql.slice(0, 40)}`)
        .join("; "),
    });
    for (const s of top) progress(phase, `${s.perReminder.toFixed(2).padStart(6)}  ${s.sql}`);
    ctx.details[phase] = {
      count,
      fired,
      scanMs,
      ...state,
      toNotification,
      toMail,
      perReminder,
      statements: top,
    };
  });
}
