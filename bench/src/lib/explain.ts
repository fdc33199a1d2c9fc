import type pg from "pg";
import type { CapturedQuery } from "./server.ts";

export interface ExplainedQuery {
  plan: string[];
  /** The scan of `table` is an index, index-only or bitmap scan, and no sequential scan of it appears. */
  usesIndex: boolean;
}

/** `EXPLAIN (ANALYZE, BUFFERS)` of a captured query, with the same bind parameters. */
export async function explain(
  client: pg.ClientBase,
  query: CapturedQuery,
  table: string,
): Promise<ExplainedQuery> {
  const { rows } = await client.query<{ "QUERY PLAN": string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`,
    query.parameters as unknown[],
  );
  const plan = rows.map((row) => row["QUERY PLAN"]);
  const scans = plan.filter((line) => new RegExp(`\\bon "?${table}"?(\\s|$)`).test(line));
  const usesIndex =
    scans.some((line) => /Index Scan|Index Only Scan|Bitmap Heap Scan/.test(line)) &&
    !scans.some((line) => /Seq Scan/.test(line));
  return { plan, usesIndex };
}

/** The plan without buffer and timing noise below the scans, for a report. */
export const shortPlan = (plan: readonly string[], max = 14) =>
  plan.filter((line) => !/^\s*(Buffers|Planning:|I\/O Timings)/.test(line)).slice(0, max);
