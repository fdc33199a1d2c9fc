import type pg from "pg";
import { ApiClient, createApiToken } from "../lib/api-client.ts";
import { explain } from "../lib/explain.ts";
import { progress } from "../lib/progress.ts";
import type { BenchServer, CapturedQuery } from "../lib/server.ts";
import { OBJECT } from "./dataset.ts";
import {
  benchmarkTicks,
  blockingBenchmarks,
  type MachineLoad,
  MachineSampler,
  type QuietWait,
  waitForOtherBenchmarks,
} from "./machine.ts";
import type { OrgPlan } from "./org.ts";

export type PrincipalName = "admin" | "rep" | "lead" | "manager" | "director";

export interface Principal {
  name: PrincipalName;
  email: string;
  /** Signed in as this user, with an API token of their own. */
  client: ApiClient;
  /** Records this user may read (counted through the API) and their share of all records. */
  visible: number;
  visibleShare: number;
  /** The SQL on the object table each list request of the workload runs, in request order. */
  queries: CapturedQuery[];
  /** All queries of one request (authentication, metadata version, the list itself). */
  queriesPerRequest: number;
}

/** Signs each measured user in (password login, then an API token made with that session). */
export async function signIn(
  server: BenchServer,
  plan: OrgPlan,
  who: Record<Exclude<PrincipalName, "admin">, string>,
): Promise<Array<Omit<Principal, "visible" | "visibleShare" | "queries" | "queriesPerRequest">>> {
  const principals: Array<Omit<Principal, "visible" | "visibleShare" | "queries" | "queriesPerRequest">> = [
    { name: "admin", email: "(bench admin)", client: server.api },
  ];
  for (const [name, key] of Object.entries(who) as Array<[PrincipalName, string]>) {
    const user = plan.users.find((u) => u.key === key);
    if (!user) throw new Error(`no user ${key} in the organisation plan`);
    const token = await createApiToken(server.url, user.email, plan.password);
    principals.push({ name, email: user.email, client: new ApiClient(server.url, token) });
  }
  return principals;
}

/** How many records the user may read: one counted request (not timed). */
export async function countVisible(client: ApiClient): Promise<number> {
  const body = await client.expect<{ total: number }>(
    "GET",
    `/api/records/${OBJECT}?limit=1&count=true`,
    undefined,
    200,
  );
  return body.total;
}

/** Runs each request once with SQL capture on and keeps the query on the object table. */
export async function captureQueries(
  server: BenchServer,
  client: ApiClient,
  paths: readonly string[],
): Promise<{ queries: CapturedQuery[]; queriesPerRequest: number }> {
  const table = `"${server.database.schemas.workspace}"."${OBJECT}"`;
  const queries: CapturedQuery[] = [];
  let perRequest = 0;
  for (const path of paths) {
    const all = await server.capture.during(async () => {
      const response = await client.send("GET", path);
      if (response.status !== 200)
        throw new Error(`GET ${path} answered ${response.status}: ${response.text}`);
    });
    const query = all.find((q) => q.sql.includes(table));
    if (!query) throw new Error(`no query on ${table} captured for ${path}`);
    queries.push(query);
    perRequest = Math.max(perRequest, all.length);
  }
  return { queries, queriesPerRequest: perRequest };
}

export interface PlanSummary {
  usesIndex: boolean;
  /** The scan of the object table, index names replaced by their columns. */
  scan: string;
  rowsRemovedByFilter: number;
  /** Shared buffers hit + read by the whole query. */
  buffers: number;
  executionMs: number;
  jit: boolean;
  plan: string[];
}

/** EXPLAIN (ANALYZE, BUFFERS) of a captured query, with the same bind parameters. */
export async function explainQuery(client: pg.ClientBase, query: CapturedQuery): Promise<PlanSummary> {
  const { plan, usesIndex } = await explain(client, query, OBJECT);
  const { rows: indexes } = await client.query<{ indexname: string; columns: string }>(
    "SELECT indexname, substring(indexdef from '\\((.*?)\\)') AS columns FROM pg_indexes WHERE tablename = $1",
    [OBJECT],
  );
  const named = (line: string) =>
    indexes.reduce((text, index) => text.replaceAll(index.indexname, `index (${index.columns})`), line);
  const scanAt = plan.findIndex((line) => new RegExp(`Scan.* on "?${OBJECT}"?`).test(line));
  const scan = scanAt < 0 ? "?" : named(plan[scanAt]!.replace(/^[\s->]+/, "").replace(/\s+\(cost=.*$/, ""));
  let rowsRemovedByFilter = 0;
  for (const line of plan) {
    const removed = /Rows Removed by Filter: (\d+)/.exec(line);
    if (removed) rowsRemovedByFilter += Number(removed[1]);
  }
  const topBuffers = plan.find((line) => /Buffers: shared/.test(line)) ?? "";
  const buffers = [...topBuffers.matchAll(/(?:hit|read)=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  const execution = plan.map((line) => /Execution Time: ([\d.]+) ms/.exec(line)).find((m) => m);
  return {
    usesIndex,
    scan,
    rowsRemovedByFilter,
    buffers,
    executionMs: execution ? Number(execution[1]) : Number.NaN,
    jit: plan.some((line) => /^JIT:/.test(line.trim())),
    plan: plan.map(named),
  };
}

/** The plan for a report: no buffer or planning lines, long filter expressions cut. */
export function printPlan(scope: string, title: string, summary: PlanSummary): void {
  progress(scope, `${title}: ${summary.usesIndex ? "uses an index" : "NO INDEX USED"}; ${summary.scan}`);
  for (const line of summary.plan) {
    if (/^\s*(Buffers|Planning|I\/O Timings)/.test(line)) continue;
    process.stdout.write(`      ${line.length > 160 ? `${line.slice(0, 157)}...` : line}\n`);
  }
}

export interface LoopOptions {
  warmup: number;
  count: number;
  scope: string;
  label: string;
  /** Rounds per chunk: after each, a chunk during which another benchmark run appeared is thrown away and redone. */
  chunk?: number;
  /** Longest total pause for other benchmark runs before measuring on regardless (default 900 s). */
  maxPauseSeconds?: number;
}

export interface LoopResult {
  /** Each principal's measured durations in milliseconds. */
  samples: Map<string, number[]>;
  /** Rounds measured, then thrown away because another benchmark run appeared meanwhile. */
  discardedRounds: number;
  /** Rounds kept although another benchmark ran meanwhile (the pause budget was spent). */
  disturbedRoundsKept: number;
  pauses: QuietWait[];
  /** How busy the machine was during the kept rounds. */
  machine: MachineLoad;
}

/**
 * One request at a time, interleaving the principals (admin, rep, manager, … in an order rotating each round,
 * all asking for the same page in a round): a passing load spike on the shared machine then hits every principal
 * alike instead of one of them. Every `chunk` rounds it looks for other benchmark runs (`bench/src/run.ts`); if
 * one started, the chunk is thrown away, and measuring resumes (after a few warm-up rounds) once it has ended.
 */
export async function measureInterleaved<T extends { name: string }>(
  options: LoopOptions,
  principals: readonly T[],
  operation: (principal: T, round: number) => Promise<void>,
): Promise<LoopResult> {
  const samples = new Map(principals.map((p) => [p.name, [] as number[]]));
  const runRound = async (round: number, into: Map<string, number[]> | null) => {
    for (let k = 0; k < principals.length; k++) {
      const principal = principals[(round + k) % principals.length]!;
      const start = performance.now();
      await operation(principal, round);
      const elapsed = performance.now() - start;
      if (into) into.get(principal.name)!.push(elapsed);
    }
  };
  for (let round = 0; round < options.warmup; round++) await runRound(round, null);
  const chunk = options.chunk ?? 25;
  const step = Math.max(1, Math.ceil(options.count / 5));
  const pauses: QuietWait[] = [];
  const machine = new MachineSampler();
  let discardedRounds = 0;
  let disturbedRoundsKept = 0;
  let measured = 0;
  while (measured < options.count) {
    const size = Math.min(chunk, options.count - measured);
    const pending = new Map(principals.map((p) => [p.name, [] as number[]]));
    const ticks = benchmarkTicks();
    const chunkStarted = performance.now();
    machine.begin();
    for (let i = 0; i < size; i++) await runRound(options.warmup + measured + i, pending);
    const disturbed = blockingBenchmarks(ticks, (performance.now() - chunkStarted) / 1000).length > 0;
    const pauseLeft = (options.maxPauseSeconds ?? 900) - pauses.reduce((sum, p) => sum + p.waitedSeconds, 0);
    // Out of patience, the chunk is kept (and counted): a neighbour that never stops must not stall the run.
    const discard = disturbed && pauseLeft > 0;
    machine.end(!discard);
    if (disturbed && !discard) disturbedRoundsKept += size;
    if (discard) {
      discardedRounds += size;
      progress(options.scope, `another benchmark started: ${size} rounds thrown away`);
      pauses.push(await waitForOtherBenchmarks(options.scope, pauseLeft));
      for (let i = 0; i < Math.min(options.warmup, 10); i++) await runRound(i, null);
      continue;
    }
    for (const [name, values] of pending) samples.get(name)!.push(...values);
    const before = measured;
    measured += size;
    if (Math.floor(measured / step) > Math.floor(before / step) || measured === options.count)
      progress(options.scope, `${options.label}: ${measured}/${options.count} rounds`);
  }
  return { samples, discardedRounds, disturbedRoundsKept, pauses, machine: machine.result() };
}
