import type { AdvisorIndex, AdvisorOverview, AdvisorSettings } from "@keduo/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { http, request } from "./http-client.ts";

const overviewKey = ["admin", "index-advisor"] as const;
const PATH = "/api/admin/index-advisor";

/** What the index advisor saw and proposes (GET /api/admin/index-advisor). */
export function useIndexAdvisor() {
  return useQuery({
    queryKey: overviewKey,
    queryFn: ({ signal }) => http.get<AdvisorOverview>(PATH, undefined, signal),
  });
}

/** "Check now": the advisor looks at its statistics at once and answers the new overview. */
export function useRunIndexAdvisor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request<AdvisorOverview>("POST", `${PATH}/run`),
    onSuccess: (overview) => queryClient.setQueryData(overviewKey, overview),
  });
}

export function useSaveAdvisorSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<AdvisorSettings>) =>
      request<{ settings: AdvisorSettings }>("PUT", `${PATH}/settings`, { body: change }),
    onSuccess: ({ settings }) =>
      queryClient.setQueryData<AdvisorOverview>(overviewKey, (old) => (old ? { ...old, settings } : old)),
  });
}

export type IndexAction = "build" | "drop" | "dismiss";

/** Build, drop or dismiss one index; the overview is fetched again (sizes and scans come from it). */
export function useIndexAction() {
  const queryClient = useQueryClient();
  return useMutation({
    // A build answers the index as it ended (built, or failed with its error); a drop or dismissal nothing.
    mutationFn: ({ index, action }: { index: AdvisorIndex; action: IndexAction }) =>
      request<{ index?: AdvisorIndex } | undefined>("POST", `${PATH}/indexes/${index.id}/${action}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: overviewKey }),
  });
}
