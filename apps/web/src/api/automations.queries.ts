import type { Automation, AutomationDefinition, AutomationRun } from "@keduo/core";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { http } from "./http-client.ts";
import { recordKey } from "./records.queries.ts";

export type { Automation, AutomationDefinition, AutomationRun };

/** What PATCH accepts: any part of the definition but the two that name it. */
export type AutomationChange = Partial<Omit<AutomationDefinition, "object" | "api_name">>;

export const automationsKey = ["automations"] as const;
const listKey = (object: string | undefined) => [...automationsKey, "list", object ?? ""] as const;
const oneKey = (id: string) => [...automationsKey, "one", id] as const;
export const runsKey = (id: string) => [...automationsKey, "runs", id] as const;
/** Under the record's key: refreshing a record refreshes what automations did on it. */
const recordRunsKey = (object: string, id: string) => [...recordKey(object, id), "automation-runs"] as const;

const RUN_PAGE = 20;

/** Every automation, or one object's (manage_metadata: others are not asked). */
export function useAutomations(object?: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: options.enabled ?? true,
    queryKey: listKey(object),
    queryFn: ({ signal }) =>
      http
        .get<{ automations: Automation[] }>("/api/automations", { object }, signal)
        .then((r) => r.automations),
  });
}

export function useAutomation(id: string | undefined) {
  return useQuery({
    queryKey: oneKey(id ?? ""),
    queryFn: ({ signal }) => http.get<Automation>(`/api/automations/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
}

/** Create (no id) or change an automation; the list and the automation itself refresh. */
export function useSaveAutomation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; change: AutomationChange } | { definition: AutomationDefinition }) =>
      "id" in input
        ? http.patch<Automation>(`/api/automations/${input.id}`, input.change)
        : http.post<Automation>("/api/automations", input.definition),
    onSuccess: (saved) => {
      queryClient.setQueryData(oneKey(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: [...automationsKey, "list"] });
    },
  });
}

export function useDeleteAutomation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.delete<void>(`/api/automations/${id}`),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: oneKey(id) });
      void queryClient.invalidateQueries({ queryKey: [...automationsKey, "list"] });
    },
  });
}

/** A run log a page at a time, newest first (keyset on the run id). */
function useRunPages(queryKey: readonly string[], path: string) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      http
        .get<{ runs: AutomationRun[] }>(path, { before: pageParam, limit: RUN_PAGE }, signal)
        .then((r) => r.runs),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length === RUN_PAGE ? last[last.length - 1]?.id : undefined),
  });
}

/** An automation's runs (manage_metadata). */
export const useAutomationRuns = (id: string) => useRunPages(runsKey(id), `/api/automations/${id}/runs`);

/** What automations did on one record (anyone who may read the record). */
export const useRecordAutomationRuns = (object: string, id: string) =>
  useRunPages(recordRunsKey(object, id), `/api/records/${object}/${id}/automation-runs`);

/** Queues a failed run again (202); the run logs that show it refresh. */
export function useRetryRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (run: AutomationRun) =>
      http.post<{ id: string; status: "queued" }>(`/api/automation-runs/${run.id}/retry`),
    onSuccess: (_, run) => {
      void queryClient.invalidateQueries({ queryKey: runsKey(run.automation_id) });
      void queryClient.invalidateQueries({ queryKey: recordRunsKey(run.object, run.record_id) });
    },
  });
}
