import type { Pipeline } from "@keduo/core";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { http } from "./http-client.ts";

export type { Pipeline };

export const pipelinesKey = (object: string) => ["meta", "pipelines", object] as const;

/** An object's pipelines with their ordered stages (every signed-in user may read them). */
export const pipelinesOptions = (object: string) =>
  queryOptions({
    queryKey: pipelinesKey(object),
    queryFn: ({ signal }) =>
      http
        .get<{ pipelines: Pipeline[] }>(`/api/meta/objects/${object}/pipelines`, undefined, signal)
        .then((r) => r.pipelines),
    staleTime: 60_000,
  });

export const usePipelines = (object: string) => useQuery(pipelinesOptions(object));
