import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DomainEvent } from "../../../apps/server/src/modules/events/index.ts";
import type { BackgroundRegistry } from "../../../apps/server/src/server.ts";
import { createDatabase, databaseUrl, dropDatabase } from "../lib/postgres.ts";
import { formatCount, progress } from "../lib/progress.ts";
import type { ResultRow } from "../lib/report.ts";
import { type BenchServer, startBenchServer } from "../lib/server.ts";
import { summarize } from "../lib/stats.ts";

export const OBJECT = "bench_item";

export interface EventSizes {
  bulkCalls: number;
  bulkSize: number;
  /** Seconds of paced single writes at `rate` per second. */
  paceSeconds: number;
  rate: number;
  timers: number;
  listRequests: number;
  listRows: number;
}

export interface EventContext {
  sizes: EventSizes;
  results: ResultRow[];
  details: Record<string, unknown>;
}

/** Counts what a consumer receives and when, against each event's commit-side time. */
export class Sink {
  received = 0;
  /** Wall-clock ms from the write's clock reading (taken before its commit) to the handler call. */
  latencies: number[] = [];
  /** When the handler got each record's event (to compare with when the write's HTTP answer arrived). */
  handledAt = new Map<string, number>();
  measuring = false;
  lastAt = 0;
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  register = (registry: BackgroundRegistry) => {
    registry.events.subscribe("bench.sink", async (events) => this.take(events));
  };

  private take(events: readonly DomainEvent[]) {
    const now = Date.now();
    this.received += events.length;
    this.lastAt = now;
    if (this.measuring)
      for (const event of events) {
        this.latencies.push(now - event.occurredAt.getTime());
        this.handledAt.set(event.recordId, now);
      }
    this.waiters = this.waiters.filter((w) => {
      if (this.received < w.count) return true;
      w.resolve();
      return false;
    });
  }

  /** Resolves when `count` events in all have arrived; rejects after `timeoutMs`. */
  until(count: number, timeoutMs: number): Promise<void> {
    if (this.received >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.received} of ${count} events after ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}

export async function createBenchObject(server: BenchServer) {
  await server.api.expect(
    "POST",
    "/api/meta/objects",
    { api_name: OBJECT, labels: { "zh-CN": "条目", en: "Item" } },
    201,
  );
  for (const [apiName, type] of [
    ["name", "text"],
    ["region", "text"],
    ["amount", "number"],
  ] as const)
    await server.api.expect(
      "POST",
      `/api/meta/objects/${OBJECT}/fields`,
      { api_name: apiName, type, labels: { "zh-CN": apiName, en: apiName }, indexed: apiName !== "name" },
      201,
    );
}

const REGIONS = ["华东", "华南", "华北", "西南", "东北"];
export const itemValues = (i: number) => ({
  name: `条目 ${i}`,
  region: REGIONS[i % REGIONS.length],
  amount: i % 997,
});

export function bulkBody(call: number, size: number): string {
  return JSON.stringify({ records: Array.from({ length: size }, (_, i) => itemValues(call * size + i)) });
}

/** A fresh PostgreSQL database for one phase, dropped afterwards. */
export async function withPostgres<T>(
  name: string,
  register: (registry: BackgroundRegistry) => void,
  work: (server: BenchServer) => Promise<T>,
): Promise<T> {
  await dropDatabase(name);
  await createDatabase(name);
  try {
    const server = await startBenchServer({ engine: "postgres", url: databaseUrl(name) }, { register });
    try {
      return await work(server);
    } finally {
      await server.close();
    }
  } finally {
    await dropDatabase(name);
  }
}

export async function withPglite<T>(
  register: (registry: BackgroundRegistry) => void,
  work: (server: BenchServer) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), "keduo-bench-events-"));
  try {
    const server = await startBenchServer({ engine: "pglite", dataDir }, { register });
    try {
      return await work(server);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Phase 1: 100 bulk calls of 1,000 records; how long after the last commit the consumer has all events. */
export async function bulkDrainPhase(ctx: EventContext): Promise<void> {
  const phase = "1";
  const { bulkCalls, bulkSize } = ctx.sizes;
  const sink = new Sink();
  await withPostgres("keduo_bench_run_events_1", sink.register, async (server) => {
    await createBenchObject(server);
    const started = performance.now();
    for (let call = 0; call < bulkCalls; call++) {
      const response = await server.api.send("POST", `/api/records/${OBJECT}/bulk`, bulkBody(call, bulkSize));
      if (response.status !== 201)
        throw new Error(`bulk answered ${response.status}: ${response.text.slice(0, 300)}`);
      if ((call + 1) % Math.max(1, bulkCalls / 5) === 0)
        progress(phase, `${call + 1}/${bulkCalls} bulk calls; consumer has ${formatCount(sink.received)}`);
    }
    const lastCommit = performance.now();
    const total = bulkCalls * bulkSize;
    await sink.until(total, 120_000);
    const drained = (performance.now() - lastCommit) / 1000;
    progress(
      phase,
      `all ${formatCount(total)} events delivered ${drained.toFixed(2)} s after the last commit`,
    );
    ctx.results.push({
      phase,
      title: `${bulkCalls} bulk calls × ${formatCount(bulkSize)} (PostgreSQL)`,
      metric: "last commit → all delivered",
      value: drained,
      unit: "s",
      target: 10,
      notes: `writes took ${((lastCommit - started) / 1000).toFixed(1)} s; consumer had ${formatCount(Math.min(total, sink.received))} when they ended`,
    });
  });
}

export interface PacedWrites {
  count: number;
  /** Each write's HTTP round trip, ms. */
  durations: number[];
  /** When each created record's answer arrived (after its commit), by record id. */
  answeredAt: Map<string, number>;
}

/** Open-loop single creates at `rate` per second (each starts on schedule, not after the previous one). */
export async function pacedWrites(
  server: BenchServer,
  sizes: EventSizes,
  offset: number,
): Promise<PacedWrites> {
  const durations: number[] = [];
  const answeredAt = new Map<string, number>();
  const count = sizes.rate * sizes.paceSeconds;
  const interval = 1000 / sizes.rate;
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      server.api.send("POST", `/api/records/${OBJECT}`, JSON.stringify(itemValues(offset + i))).then((r) => {
        if (r.status !== 201) throw new Error(`create answered ${r.status}: ${r.text.slice(0, 300)}`);
        durations.push(performance.now() - sent);
        answeredAt.set((JSON.parse(r.text) as { id: string }).id, Date.now());
      }),
    );
  }
  await Promise.all(pending);
  return { count, durations, answeredAt };
}

export async function latencyPhase(
  ctx: EventContext,
  phase: string,
  engine: "postgres" | "pglite",
  target: number,
) {
  const sink = new Sink();
  const run = async (server: BenchServer) => {
    await createBenchObject(server);
    // Warm-up: the write path and the relay's statements, unmeasured.
    await pacedWrites(server, { ...ctx.sizes, paceSeconds: 2 }, 0);
    await sink.until(2 * ctx.sizes.rate, 30_000);
    sink.measuring = true;
    const written = await pacedWrites(server, ctx.sizes, 1_000_000);
    await sink.until(2 * ctx.sizes.rate + written.count, 60_000);
    sink.measuring = false;
    const afterAnswer = [...written.answeredAt].map(([id, at]) => (sink.handledAt.get(id) ?? at) - at);
    return {
      stats: summarize(sink.latencies),
      writes: summarize(written.durations),
      afterAnswer: summarize(afterAnswer),
    };
  };
  const { stats, writes, afterAnswer } =
    engine === "postgres"
      ? await withPostgres(`keduo_bench_run_events_${phase}`, sink.register, run)
      : await withPglite(sink.register, run);
  progress(
    phase,
    `commit → consumer (${engine}): p50 ${stats.p50.toFixed(0)} ms, p95 ${stats.p95.toFixed(0)} ms; ` +
      `the writes themselves: p50 ${writes.p50.toFixed(0)} ms, p95 ${writes.p95.toFixed(0)} ms; ` +
      `consumer after the HTTP answer: p50 ${afterAnswer.p50.toFixed(0)} ms, p95 ${afterAnswer.p95.toFixed(0)} ms`,
  );
  ctx.results.push({
    phase,
    title: `${ctx.sizes.rate} writes/s, ${engine === "postgres" ? "PostgreSQL" : "PGlite"}`,
    metric: "commit → consumer p95",
    value: stats.p95,
    unit: "ms",
    target,
    notes: `p50 ${stats.p50.toFixed(0)}, p99 ${stats.p99.toFixed(0)} ms, n=${stats.count}, from the write's clock reading (before commit); write round trip p95 ${writes.p95.toFixed(0)} ms; after the HTTP answer p95 ${afterAnswer.p95.toFixed(0)} ms`,
  });
  ctx.details[phase] = { stats, writes, afterAnswer };
}
