import type { BackgroundRegistry } from "../../../apps/server/src/server.ts";
import { measureSequential } from "../lib/measure.ts";
import { formatCount, progress } from "../lib/progress.ts";
import type { BenchServer } from "../lib/server.ts";
import { summarize } from "../lib/stats.ts";
import {
  bulkBody,
  createBenchObject,
  type EventContext,
  OBJECT,
  Sink,
  withPglite,
  withPostgres,
} from "./event-phases.ts";

/** Phase 4: 10,000 timers due at the same instant; how long until the last has fired (PostgreSQL). */
export async function timersPhase(ctx: EventContext): Promise<void> {
  const phase = "4";
  const count = ctx.sizes.timers;
  const fired: number[] = [];
  const register = (registry: BackgroundRegistry) => {
    registry.timers.register("bench.timer", async () => void fired.push(Date.now()));
  };
  await withPostgres("keduo_bench_run_events_4", register, async (server) => {
    const due = new Date(Date.now() + 20_000);
    const scheduling = performance.now();
    await server.keduo.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < count; i++)
        await server.keduo.timers.schedule(trx, {
          kind: "bench.timer",
          key: `t${i}`,
          dueAt: due,
          data: { i },
        });
    });
    progress(
      phase,
      `scheduled ${formatCount(count)} timers in ${((performance.now() - scheduling) / 1000).toFixed(1)} s`,
    );
    const wait = due.getTime() - Date.now();
    if (wait < 0) throw new Error("scheduling took longer than the lead time");
    await new Promise((resolve) => setTimeout(resolve, wait));
    const deadline = Date.now() + 180_000;
    while (fired.length < count && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const last =
      fired.length === count ? (Math.max(...fired) - due.getTime()) / 1000 : Number.POSITIVE_INFINITY;
    progress(phase, `${formatCount(fired.length)} fired; the last ${last.toFixed(1)} s after they were due`);
    ctx.results.push({
      phase,
      title: `${formatCount(count)} timers due at one instant (PostgreSQL)`,
      metric: "due → last fired",
      value: last,
      unit: "s",
      target: 60,
      notes: `first fired ${((Math.min(...fired) - due.getTime()) / 1000).toFixed(1)} s after due; scan every 1 s, 1,000 per slice, queue batches of 100`,
    });
  });
}

const LIST_WARMUP = 2000;

async function measureList(server: BenchServer, ctx: EventContext, label: string, offset: number) {
  const filter = encodeURIComponent(JSON.stringify({ region: { eq: "华东" } }));
  const paths = [
    `/api/records/${OBJECT}?limit=50`,
    `/api/records/${OBJECT}?limit=50&filter=${filter}&sort=-amount`,
  ];
  // 2,000 warm-up calls: with a short warm-up the first block measured is still being optimised by V8 and
  // the second is warmer (the records bench found the same for creates, ADR 0039); both blocks start warm.
  const loop = await measureSequential(
    { warmup: LIST_WARMUP, count: ctx.sizes.listRequests, scope: "5", label },
    async (i) => {
      const response = await server.api.send("GET", paths[(i + offset) % paths.length]!);
      if (response.status !== 200) throw new Error(`list answered ${response.status}`);
    },
  );
  return summarize(loop.samples);
}

/**
 * Phase 5: the list on PGlite while the relay, the timer scan and the job queue poll idle, then the same with
 * all three stopped. PGlite is one connection shared with the requests, so every idle poll competes with them.
 */
export async function pgliteIdlePollingPhase(ctx: EventContext): Promise<void> {
  const phase = "5";
  const sink = new Sink();
  const register = (registry: BackgroundRegistry) => {
    sink.register(registry);
    registry.timers.register("bench.timer", async () => {});
  };
  await withPglite(register, async (server) => {
    await createBenchObject(server);
    const calls = Math.ceil(ctx.sizes.listRows / 1000);
    for (let call = 0; call < calls; call++)
      await server.api.send("POST", `/api/records/${OBJECT}/bulk`, bulkBody(call, 1000));
    await sink.until(calls * 1000, 120_000);
    // Analyze the new rows now (the embedded maintenance would within 10 s): otherwise whichever block runs
    // after the round is measured with the planner's statistics and the other without.
    await server.keduo.maintenance.runOnce();
    // Let the relay settle into idle polling.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const polling = await measureList(server, ctx, "list, background polling", 0);
    await server.keduo.events.stop();
    await server.keduo.timers.stop();
    await server.keduo.jobs.stop();
    const quiet = await measureList(server, ctx, "list, background stopped", 1);
    const ratio = polling.p95 / quiet.p95;
    progress(
      phase,
      `p95 ${polling.p95.toFixed(2)} ms polling vs ${quiet.p95.toFixed(2)} ms stopped (×${ratio.toFixed(3)})`,
    );
    ctx.results.push(
      {
        phase,
        title: `PGlite list (${formatCount(calls * 1000)} rows), background idle-polling`,
        metric: "API p95",
        value: polling.p95,
        unit: "ms",
        target: quiet.p95 * 1.1,
        notes: `target = 110 % of the p95 without polling; p50 ${polling.p50.toFixed(2)} ms`,
      },
      {
        phase,
        title: "PGlite list, background stopped",
        metric: "API p95",
        value: quiet.p95,
        unit: "ms",
        target: null,
        notes: `p50 ${quiet.p50.toFixed(2)} ms; measured second, each block after ${formatCount(LIST_WARMUP)} warm-up calls`,
      },
    );
    ctx.details[phase] = { polling, quiet };
  });
}
