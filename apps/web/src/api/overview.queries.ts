import type {
  OverviewDefinition,
  OverviewTimeline,
  Pipeline,
  RecordOverview,
  TimelineEntry,
} from "@keduo/core";
import { type InfiniteData, useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import { http } from "./http-client.ts";

export type { OverviewDefinition, RecordOverview, TimelineEntry };

const TIMELINE_PAGE = 20;

/** What an object's record overview shows; every signed-in user may read it. Empty: no 360 page. */
export function useOverviewDefinition(object: string) {
  return useQuery({
    queryKey: ["meta", "overview", object],
    queryFn: ({ signal }) =>
      http.get<OverviewDefinition>(`/api/meta/objects/${object}/overview`, undefined, signal),
    staleTime: 60_000,
  });
}

export const hasOverview = (definition: OverviewDefinition | undefined) =>
  Boolean(definition && definition.kpis.length + definition.sections.length + definition.timeline.length > 0);

export const overviewKey = (object: string, id: string) => ["overview", object, id] as const;

/** The first page is the whole overview (one call); further pages are the timeline's older entries. */
type OverviewPage = RecordOverview | OverviewTimeline;
const isOverview = (page: OverviewPage): page is RecordOverview => "record" in page;

/**
 * A record's overview and its timeline as one infinite query: a refetch (after logging a call) reloads the
 * overview and every timeline page loaded so far, each from the cursor the page before it gives.
 */
export function useRecordOverview(object: string, id: string) {
  const query = useInfiniteQuery<
    OverviewPage,
    Error,
    InfiniteData<OverviewPage>,
    readonly unknown[],
    string | null
  >({
    queryKey: overviewKey(object, id),
    queryFn: ({ pageParam, signal }) =>
      pageParam === null
        ? http.get<RecordOverview>(`/api/records/${object}/${id}/360`, { limit: TIMELINE_PAGE }, signal)
        : http.get<OverviewTimeline>(
            `/api/records/${object}/${id}/360/timeline`,
            { before: pageParam, limit: TIMELINE_PAGE },
            signal,
          ),
    initialPageParam: null,
    getNextPageParam: (last) => (isOverview(last) ? last.timeline.next_cursor : last.next_cursor),
  });
  const pages = query.data?.pages ?? [];
  const first = pages[0];
  const overview = first && isOverview(first) ? first : undefined;
  const entries = pages.flatMap((page) => (isOverview(page) ? page.timeline.entries : page.entries));
  return { ...query, overview, entries };
}

/** The pipelines of the objects whose stage changes the timeline shows (for their stages' labels). */
export function usePipelinesOf(objects: string[]) {
  return useQueries({
    queries: objects.map((object) => ({
      queryKey: ["overview", "pipelines", object],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        http
          .get<{ pipelines: Pipeline[] }>(`/api/meta/objects/${object}/pipelines`, undefined, signal)
          .then((r) => r.pipelines),
      staleTime: 60_000,
    })),
    combine: (results) => new Map(objects.map((object, i) => [object, results[i]?.data ?? []] as const)),
  });
}
