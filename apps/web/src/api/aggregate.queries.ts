import type { AggregateQuery, AggregateResult } from "@keduo/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { http } from "./http-client.ts";
import { recordsKey } from "./records.queries.ts";

/**
 * Under the object's records key: whatever refreshes the object's lists (a saved edit) refreshes its
 * totals too.
 */
export const aggregateKey = (object: string, query: AggregateQuery) =>
  [...recordsKey(object), "aggregate", query] as const;

/** Counts and sums per group in one statement, over the records this user may read. */
export function useAggregate(object: string, query: AggregateQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: aggregateKey(object, query),
    queryFn: () => http.post<AggregateResult>(`/api/records/${object}/aggregate`, query),
    enabled: options.enabled ?? true,
    placeholderData: keepPreviousData,
  });
}
