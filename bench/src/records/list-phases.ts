import { rmSync } from "node:fs";
import { clonePgliteDir, preparePgliteTemplate, prepareTemplate } from "../lib/data-generator.ts";
import { explain, shortPlan } from "../lib/explain.ts";
import { measureSequential } from "../lib/measure.ts";
import { formatCount, progress } from "../lib/progress.ts";
import { type BenchServer, startBenchServer } from "../lib/server.ts";
import { describeStats, type LatencyStats, summarize } from "../lib/stats.ts";
import { leadsDataset, listRequests } from "./datasets.ts";
import { captureRequest, type PhaseContext, withClonedServer } from "./phase.ts";

const OBJECT = "bench_lead";
export const LIST_TARGET_MS = 10;
export const PGLITE_LIST_TARGET_MS = 30;

export interface ExplainedList {
  plan: string[];
  usesIndex: boolean;
  /** The first scan node of the plan, e.g. "Index Scan Backward using ix_… on bench_lead t". */
  scan: string;
  queriesPerRequest: number;
}

/** Runs one list request with SQL capture, then EXPLAIN (ANALYZE, BUFFERS) of its query on the object table. */
export async function explainList(server: BenchServer, path: string, table: string): Promise<ExplainedList> {
  const captured = await captureRequest(server, path);
  const query = captured.onTable(table);
  if (!query) throw new Error(`no query on ${table} captured for ${path}`);
  const client = await server.database.pool.connect();
  try {
    const { plan, usesIndex } = await explain(client, query, table);
    const { rows: indexes } = await client.query<{ indexname: string; columns: string }>(
      "SELECT indexname, substring(indexdef from '\\((.*?)\\)') AS columns FROM pg_indexes WHERE tablename = $1",
      [table],
    );
    let scan =
      plan
        .find((line) => /Scan/.test(line))
        ?.replace(/^[\s->]+/, "")
        .replace(/\s+\(cost=.*$/, "") ?? "?";
    // Index names derive from field ids; the indexed columns say more in a report.
    for (const index of indexes) scan = scan.replace(index.indexname, `index (${index.columns})`);
    return { plan, usesIndex, scan, queriesPerRequest: captured.all.length };
  } finally {
    client.release();
  }
}

export function printPlan(phase: string, explained: ExplainedList): void {
  progress(phase, `EXPLAIN (ANALYZE, BUFFERS) — ${explained.usesIndex ? "uses an index" : "NO INDEX USED"}`);
  for (const line of shortPlan(explained.plan)) process.stdout.write(`      ${line}\n`);
}

/** `count` sequential GETs after `warmup`, cycling through the request variants; every answer must be 200. */
export async function measureList(
  ctx: PhaseContext,
  phase: string,
  server: BenchServer,
  paths: readonly string[],
  label: string,
): Promise<{ stats: LatencyStats; warmup: LatencyStats }> {
  const loop = await measureSequential(
    { warmup: ctx.sizes.warmup, count: ctx.sizes.requests, scope: phase, label },
    async (i) => {
      const path = paths[i % paths.length]!;
      const response = await server.api.send("GET", path);
      if (response.status !== 200)
        throw new Error(`GET ${path} answered ${response.status}: ${response.text}`);
    },
  );
  const stats = summarize(loop.samples);
  const warmup = summarize(loop.warmup);
  progress(phase, `${label}: ${describeStats(stats)} (warm-up: p50 ${warmup.p50.toFixed(2)} ms)`);
  return { stats, warmup };
}

async function setIndexed(server: BenchServer, fields: string[], indexed: boolean): Promise<void> {
  for (const field of fields)
    await server.api.expect("PATCH", `/api/meta/objects/${OBJECT}/fields/${field}`, { indexed }, 200);
}

/**
 * Phases 1 and 4: the list workload on the ten-field object with `region` and `amount` declared indexed (how
 * Keduo is meant to be used for filtered columns). Phase 1 then drops both indexes through the metadata API
 * and measures again (1b), the set-up peers measured.
 */
export async function leadListPhase(ctx: PhaseContext, phase: "1" | "4", rows: number): Promise<void> {
  const template = await prepareTemplate(leadsDataset(rows), { rebuild: ctx.options.rebuild, scope: phase });
  await withClonedServer(ctx, phase, template.template, async (server) => {
    const paths = listRequests(OBJECT);
    const title = `list ${formatCount(rows)} rows, 2 filters + sort`;
    const explained = await explainList(server, paths[0]!, OBJECT);
    printPlan(phase, explained);
    const { stats, warmup } = await measureList(ctx, phase, server, paths, "list, region + amount indexed");
    ctx.results.push({
      phase,
      title,
      metric: "API p95",
      value: stats.p95,
      unit: "ms",
      target: LIST_TARGET_MS,
      notes: `indexed region, amount; p50 ${stats.p50.toFixed(2)}; ${explained.scan}`,
    });
    const details: Record<string, unknown> = {
      rows,
      template,
      indexed: { stats, warmup, plan: explained.plan },
    };
    if (phase === "1") {
      progress(phase, "dropping the indexes on region and amount through the metadata API (indexed: false)");
      await setIndexed(server, ["region", "amount"], false);
      const unindexed = await explainList(server, paths[0]!, OBJECT);
      printPlan("1b", unindexed);
      const { stats: plain, warmup: plainWarmup } = await measureList(
        ctx,
        "1b",
        server,
        paths,
        "list, no field indexes",
      );
      ctx.results.push({
        phase: "1b",
        title,
        metric: "API p95",
        value: plain.p95,
        unit: "ms",
        target: null,
        notes: `no field indexes (as peers measured); p50 ${plain.p50.toFixed(2)}; ${unindexed.scan}`,
      });
      details.unindexed = { stats: plain, warmup: plainWarmup, plan: unindexed.plan };
    }
    ctx.details[phase] = details;
  });
}

/** Phase 6: the same list on the embedded engine (PGlite in a worker thread, served over its socket). */
export async function pgliteListPhase(ctx: PhaseContext): Promise<void> {
  const phase = "6";
  const rows = ctx.sizes.pgliteLeads;
  const template = await preparePgliteTemplate(leadsDataset(rows), {
    rebuild: ctx.options.rebuild,
    scope: phase,
  });
  const dataDir = clonePgliteDir(template.template);
  progress(phase, `copied the template data directory to ${dataDir}`);
  try {
    const server = await startBenchServer({ engine: "pglite", dataDir });
    try {
      const paths = listRequests(OBJECT);
      const explained = await explainList(server, paths[0]!, OBJECT);
      printPlan(phase, explained);
      const { stats, warmup } = await measureList(
        ctx,
        phase,
        server,
        paths,
        "PGlite list, region + amount indexed",
      );
      ctx.results.push({
        phase,
        title: `PGlite list ${formatCount(rows)} rows`,
        metric: "API p95",
        value: stats.p95,
        unit: "ms",
        target: PGLITE_LIST_TARGET_MS,
        notes: `indexed region, amount; p50 ${stats.p50.toFixed(2)}; ${explained.scan}`,
      });
      ctx.details[phase] = { rows, template, stats, warmup, plan: explained.plan };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
