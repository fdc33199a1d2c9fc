import type pg from "pg";
import { describeLoad, type MachineLoad, sampleMachine, waitForOtherBenchmarks } from "../access/machine.ts";
import { explain } from "../lib/explain.ts";
import { progress } from "../lib/progress.ts";
import { waitForQuietMachine } from "../lib/quiet.ts";
import type { BenchServer, CapturedQuery } from "../lib/server.ts";
import { type LatencyStats, summarize } from "../lib/stats.ts";

/** Before a timed stretch: no other `bench/src/run.ts` running, then briefly for the rest of the machine. */
export async function settle(scope: string, quick: boolean) {
  const benchmarks = await waitForOtherBenchmarks(scope, quick ? 120 : 300);
  const machine = await waitForQuietMachine(scope, { maxSeconds: quick ? 10 : 30, busyBelow: 35 });
  progress(
    scope,
    `other benchmark runs: ${benchmarks.seen.length ? benchmarks.seen.join("; ") : "none"}; machine ${machine.busyPercent.toFixed(0)} % busy before measuring`,
  );
  return { benchmarks, machine };
}

export interface TimedLoop {
  stats: LatencyStats;
  warmupMs: number[];
  /** The loop stopped at its time budget before `count` requests. */
  cut: boolean;
  machine: MachineLoad;
}

/** One call at a time: `warmup` untimed calls, then up to `count` timed ones within `budgetSeconds`. */
export async function timedLoop(
  scope: string,
  options: { warmup: number; count: number; budgetSeconds: number },
  operation: (index: number) => Promise<void>,
): Promise<TimedLoop> {
  const warmupMs: number[] = [];
  for (let i = 0; i < options.warmup; i++) {
    const start = performance.now();
    await operation(i);
    warmupMs.push(performance.now() - start);
  }
  const stop = sampleMachine();
  const deadline = performance.now() + options.budgetSeconds * 1000;
  const samples: number[] = [];
  while (samples.length < options.count && performance.now() < deadline) {
    const start = performance.now();
    await operation(options.warmup + samples.length);
    samples.push(performance.now() - start);
  }
  const machine = stop();
  progress(scope, describeLoad(machine));
  return { stats: summarize(samples), warmupMs, cut: samples.length < options.count, machine };
}

/** The list query of one API request (the SELECT from the object table), as the server sent it. */
export async function captureListQuery(
  server: BenchServer,
  path: string,
  table: string,
): Promise<CapturedQuery> {
  let status = 0;
  let text = "";
  const queries = await server.capture.during(async () => {
    ({ status, text } = await server.api.send("GET", path));
  });
  if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${text.slice(0, 500)}`);
  const query = queries.find((q) => q.sql.includes(`FROM ${table} AS "t"`));
  if (!query) throw new Error(`no list query on ${table} captured for ${path}`);
  return query;
}

export interface PlanSummary {
  plan: string[];
  usesIndex: boolean;
  /** Rows the top Limit node returned: the page (+1 for the cursor) leaves PostgreSQL, nothing more. */
  limitRows: number;
  seqScan: boolean;
  rowsRemovedByFilter: number;
  executionMs: number;
}

export async function explainSummary(client: pg.ClientBase, query: CapturedQuery, table: string) {
  const { plan, usesIndex } = await explain(client, query, table);
  const limit = plan.find((line) => /^\s*Limit\b/.test(line)) ?? "";
  const removed = plan.reduce(
    (sum, line) => sum + Number(/Rows Removed by Filter: (\d+)/.exec(line)?.[1] ?? 0),
    0,
  );
  const execution = plan.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)).find((m) => m);
  return {
    plan,
    usesIndex,
    limitRows: Number(/actual time=\S+ rows=(\d+)/.exec(limit)?.[1] ?? Number.NaN),
    seqScan: plan.some((line) => new RegExp(`Seq Scan on "?${table}"?`).test(line)),
    rowsRemovedByFilter: removed,
    executionMs: execution ? Number(execution[1]) : Number.NaN,
  } satisfies PlanSummary;
}

/** The plan for a report: no buffer or planning lines, long lines cut. */
export function printPlan(title: string, summary: PlanSummary, max = 18): void {
  process.stdout.write(`\n  ${title}\n`);
  const lines = summary.plan.filter((line) => !/^\s*(Buffers|Planning|I\/O Timings)/.test(line));
  for (const line of lines.slice(0, max))
    process.stdout.write(`      ${line.length > 170 ? `${line.slice(0, 167)}...` : line}\n`);
  if (lines.length > max) process.stdout.write(`      … ${lines.length - max} more lines\n`);
}
