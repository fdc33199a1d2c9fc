import { uuidv7 } from "@keduo/core";
import { measureInThread } from "../lib/client-thread.ts";
import { startCpuSplit } from "../lib/cpu-split.ts";
import { loadObjectFields, prepareTemplate } from "../lib/data-generator.ts";
import { measureSequential } from "../lib/measure.ts";
import { withClient } from "../lib/postgres.ts";
import { formatCount, progress } from "../lib/progress.ts";
import { encodeRow, RecordGenerator, tableColumns } from "../lib/record-generator.ts";
import { benchAdminId, describeStatements } from "../lib/server.ts";
import { reportSpeedIndex } from "../lib/speed-index.ts";
import { describeStats, summarize } from "../lib/stats.ts";
import { replayBulkWrites } from "./bulk-floor.ts";
import { leadsDataset } from "./datasets.ts";
import { type PhaseContext, withClonedServer } from "./phase.ts";

const OBJECT = "bench_lead";
export const CREATE_P50_TARGET_MS = 3;
/** 7 s for 100,000 records; a quick run scales it to its record count. */
export const BULK_SECONDS_PER_100K = 7;

/**
 * Phase 2: one record per POST, sequentially, into the 100k-row object; then the floor, the same kind of row
 * written by a plain `pg` client as BEGIN; INSERT; COMMIT.
 */
export async function createPhase(ctx: PhaseContext): Promise<void> {
  const phase = "2";
  const spec = leadsDataset(ctx.sizes.leads);
  const template = await prepareTemplate(spec, { rebuild: ctx.options.rebuild, scope: phase });
  await withClonedServer(ctx, phase, template.template, async (server, url) => {
    const generator = new RecordGenerator(spec);
    const total = ctx.sizes.warmup + ctx.sizes.requests;
    const loop = { warmup: ctx.sizes.warmup, count: ctx.sizes.requests, scope: phase };
    const bodies = [...generator.records(OBJECT, { stream: "create", count: total })].map((r) =>
      JSON.stringify(r.values),
    );
    const speed = reportSpeedIndex(phase);
    const apiLoop = await measureInThread(server.api, {
      scope: phase,
      label: "POST one record",
      warmup: ctx.sizes.warmup,
      method: "POST",
      path: `/api/records/${OBJECT}`,
      bodies,
      expectStatus: 201,
    });
    const api = summarize(apiLoop.samples);
    const apiWarmup = summarize(apiLoop.warmup);
    const [extraBody] = [...generator.records(OBJECT, { stream: "create-traced", count: 1 })].map((r) =>
      JSON.stringify(r.values),
    );
    const traced = await server.capture.during(async () => {
      await server.api.send("POST", `/api/records/${OBJECT}`, extraBody);
    });
    progress(phase, `one create's statements:\n${describeStatements(traced)}`);
    progress(phase, `API create: ${describeStats(api)} (warm-up: p50 ${apiWarmup.p50.toFixed(2)} ms)`);

    const fields = await loadObjectFields(server.api, OBJECT);
    const columns = tableColumns(fields);
    const floorLoop = await withClient(url, async (client) => {
      const owner = await benchAdminId(client, server.database.schemas.system);
      const values = [...generator.records(OBJECT, { stream: "floor", count: total })].map((record) =>
        encodeRow(fields, { ...record, id: uuidv7(), createdAt: new Date() }, owner),
      );
      const table = `"${server.database.schemas.workspace}"."${OBJECT}"`;
      const statement = `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns
        .map((_, i) => `$${i + 1}`)
        .join(", ")})`;
      return measureSequential({ ...loop, label: "raw BEGIN; INSERT; COMMIT" }, async (i) => {
        await client.query("BEGIN");
        await client.query(statement, values[i] as unknown[]);
        await client.query("COMMIT");
      });
    });
    const floor = summarize(floorLoop.samples);
    progress(phase, `raw insert floor: ${describeStats(floor)}`);
    ctx.results.push(
      {
        phase,
        title: `single create (${formatCount(ctx.sizes.leads)}-row object)`,
        metric: "API p50",
        value: api.p50,
        unit: "ms",
        target: CREATE_P50_TARGET_MS,
        notes: `p95 ${api.p95.toFixed(2)}; overhead over floor p50 ${(api.p50 - floor.p50).toFixed(2)} ms; speed index ${speed.toFixed(1)} ms`,
      },
      {
        phase,
        title: "floor: pg BEGIN; INSERT; COMMIT",
        metric: "p50",
        value: floor.p50,
        unit: "ms",
        target: null,
        notes: `p95 ${floor.p95.toFixed(2)}; same row shape, same database`,
      },
    );
    ctx.details[phase] = { template, api, apiWarmup, speedIndex: speed, floor };
  });
}

/** Phase 3: 1,000 records per POST …/bulk, one call after another from a client thread, timed from the first call to the last answer. */
export async function bulkPhase(ctx: PhaseContext): Promise<void> {
  const phase = "3";
  const spec = leadsDataset(ctx.sizes.leads);
  const { bulkCalls, bulkSize } = ctx.sizes;
  const total = bulkCalls * bulkSize;
  const template = await prepareTemplate(spec, { rebuild: ctx.options.rebuild, scope: phase });
  await withClonedServer(ctx, phase, template.template, async (server, url) => {
    const generator = new RecordGenerator(spec);
    const batches = (stream: string, calls: number) => {
      const values = [...generator.records(OBJECT, { stream, count: calls * bulkSize })].map((r) => r.values);
      return Array.from({ length: calls }, (_, i) =>
        JSON.stringify({ records: values.slice(i * bulkSize, (i + 1) * bulkSize) }),
      );
    };
    const bodies = [...batches("bulk-warmup", 2), ...batches("bulk", bulkCalls)];
    const post = async (body: string) => {
      const response = await server.api.send("POST", `/api/records/${OBJECT}/bulk`, body);
      if (response.status !== 201)
        throw new Error(`bulk create answered ${response.status}: ${response.text}`);
    };
    progress(
      phase,
      `posting ${formatCount(total)} records in ${bulkCalls} calls of ${formatCount(bulkSize)}`,
    );
    const speed = reportSpeedIndex(phase);
    const stopCpu = startCpuSplit(new URL(url).pathname.slice(1));
    const { samples } = await measureInThread(server.api, {
      scope: phase,
      label: "bulk calls",
      warmup: 2,
      method: "POST",
      path: `/api/records/${OBJECT}/bulk`,
      bodies,
      expectStatus: 201,
    });
    // From the first call's request to the last one's answer, as the client saw them (calls run back to back).
    const seconds = samples.reduce((sum, ms) => sum + ms, 0) / 1000;
    const calls = summarize(samples);
    const cpu = stopCpu();
    const perCall = (ms: number) => (ms / (bulkCalls + 2)).toFixed(1);
    const cpuNote = `CPU per call: server ${perCall(cpu.nodeMs)} ms, PostgreSQL ${perCall(cpu.postgresMs)} ms; speed index ${speed.toFixed(1)} ms`;
    progress(phase, cpuNote);
    const { rows } = await server.database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${server.database.schemas.workspace}"."${OBJECT}"`,
    );
    const expected = ctx.sizes.leads + (bulkCalls + 2) * bulkSize;
    if (rows[0]?.n !== expected)
      throw new Error(`expected ${expected} rows after the bulk insert, found ${rows[0]?.n}`);
    progress(
      phase,
      `${formatCount(total)} records in ${seconds.toFixed(2)} s; per call ${describeStats(calls)}`,
    );
    const [floorBody] = batches("bulk-floor", 1);
    const { floor, statements } = await replayBulkWrites(
      server,
      () => post(floorBody!),
      ctx.options.quick ? 5 : 20,
    );
    progress(phase, `one call's statements:\n${statements}`);
    progress(phase, `the same SQL on a plain pg client: ${describeStats(floor)} per call`);
    ctx.results.push({
      phase,
      title: `bulk insert ${formatCount(total)} (${bulkCalls} × ${formatCount(bulkSize)})`,
      metric: "total",
      value: seconds,
      unit: "s",
      target: (BULK_SECONDS_PER_100K * total) / 100_000,
      notes: `${formatCount(Math.round(total / seconds))} records/s; per call p50 ${calls.p50.toFixed(1)} ms, p95 ${calls.p95.toFixed(1)} ms; ${cpuNote}`,
    });
    ctx.results.push({
      phase,
      title: "floor: a bulk call's SQL replayed on pg",
      metric: `× ${bulkCalls}`,
      value: (floor.p50 * bulkCalls) / 1000,
      unit: "s",
      target: null,
      notes: `p50 ${floor.p50.toFixed(1)} ms per ${formatCount(bulkSize)} (BEGIN; INSERT rows; INSERT events + audit; COMMIT)`,
    });
    ctx.details[phase] = { template, seconds, calls, cpu, speedIndex: speed, floor };
  });
}
