import type { ApiClient } from "../lib/api-client.ts";
import { explain, shortPlan } from "../lib/explain.ts";
import { type BenchServer, type CapturedQuery, describeStatements } from "../lib/server.ts";
import { type LatencyStats, summarize } from "../lib/stats.ts";

/** Background work (job queue, timers, event relay) polls on its own schedule: as overview.test.ts filters. */
const BACKGROUND = /pgboss|"timers"|"event_relay"|"event_consumers"|"outbox"|keduo_jobs/;

/** The statements a request ran, background polling left out. */
export async function requestStatements(server: BenchServer, work: () => Promise<void>) {
  const queries = await server.capture.during(work);
  return queries.filter(
    (q) => /^\s*(select|with|insert|update|delete)\b/i.test(q.sql) && !BACKGROUND.test(q.sql),
  );
}

/** One request, timed, its status checked; the body is not parsed. */
export async function timed(
  client: ApiClient,
  method: string,
  path: string,
  body?: unknown,
): Promise<number> {
  const started = performance.now();
  const response = await client.send(method, path, body === undefined ? undefined : JSON.stringify(body));
  const ms = performance.now() - started;
  if (response.status !== 200)
    throw new Error(`${method} ${path} answered ${response.status}: ${response.text.slice(0, 500)}`);
  return ms;
}

export async function sample(count: number, warmup: number, once: (i: number) => Promise<number>) {
  for (let i = 0; i < warmup; i++) await once(i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await once(i));
  return summarize(samples);
}

export const overviewPath = (id: string) => `/api/records/account/${id}/360`;

/**
 * The slowest statements of a request as the driver timed them, and EXPLAIN ANALYZE of the slowest `explained`
 * of them (with the captured parameters): where a request's database time goes.
 */
export async function slowest(
  server: BenchServer,
  statements: CapturedQuery[],
  explained: number,
): Promise<{ lines: string; plans: Array<{ ms: number; sql: string; plan: string[] }> }> {
  const sorted = [...statements].sort((a, b) => b.ms - a.ms);
  const plans: Array<{ ms: number; sql: string; plan: string[] }> = [];
  const connection = await server.database.pool.connect();
  try {
    for (const query of sorted.slice(0, explained)) {
      const table = /"ws_[a-z0-9_]+"\."([a-z0-9_]+)"/.exec(query.sql)?.[1] ?? "";
      const { plan } = await explain(connection, query, table);
      plans.push({ ms: query.ms, sql: query.sql.replace(/\s+/g, " "), plan: shortPlan(plan, 30) });
    }
  } finally {
    connection.release();
  }
  return { lines: describeStatements(sorted.slice(0, 12)), plans };
}

type Filter = Record<string, unknown>;

export interface Board {
  aggregate: { path: string; body: unknown };
  columns: Array<{ stage: string; path: string }>;
}

interface PipelineAnswer {
  pipelines: Array<{
    api_name: string;
    is_default: boolean;
    pipeline_field: string | null;
    stage_field: string;
    stages: Array<{ value: string }>;
  }>;
}

/**
 * What the board page asks for on opening the default pipeline (apps/web/src/components/board, board-model.ts,
 * board.queries.ts): one aggregate grouped by the stage field with the count and the amount's sum under the
 * pipeline's filter, and one list request per stage (20 cards, the stage ANDed to the filter, the card
 * relations expanded), sorted as the template's opportunity views are (close date).
 */
export async function boardRequests(client: ApiClient, object: string, sort: string): Promise<Board> {
  const { pipelines } = await client.expect<PipelineAnswer>(
    "GET",
    `/api/meta/objects/${object}/pipelines`,
    undefined,
    200,
  );
  const pipeline = pipelines.find((p) => p.is_default) ?? pipelines[0];
  if (!pipeline) throw new Error(`${object} has no pipeline`);
  const field = pipeline.pipeline_field;
  const named = field ? { [field]: { eq: pipeline.api_name } } : undefined;
  const filter: Filter | undefined =
    named && field ? { or: [named, { [field]: { is_empty: true } }] } : undefined;
  const stageField = pipeline.stage_field;
  const body = {
    group_by: [{ field: stageField }],
    aggregates: [{ fn: "count" }, { fn: "sum", field: "amount", as: "amount" }],
    ...(filter ? { filter } : {}),
  };
  const columns = pipeline.stages.map(({ value }) => {
    const stage = { [stageField]: { eq: value } };
    const query = new URLSearchParams({
      limit: "20",
      filter: JSON.stringify(filter ? { and: [filter, stage] } : stage),
      sort,
      expand: "account,primary_contact",
    });
    return { stage: value, path: `/api/records/${object}?${query}` };
  });
  return { aggregate: { path: `/api/records/${object}/aggregate`, body }, columns };
}

/** One board load: every request at once, as the browser issues them; the wall time until the last answer. */
export async function loadBoard(client: ApiClient, board: Board): Promise<number> {
  const started = performance.now();
  await Promise.all([
    timed(client, "POST", board.aggregate.path, board.aggregate.body),
    ...board.columns.map((c) => timed(client, "GET", c.path)),
  ]);
  return performance.now() - started;
}

export const statsNote = (stats: LatencyStats) =>
  `p50 ${stats.p50.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms, n=${stats.count}`;
