import type { AssignmentDecision, AssignmentRule, AssignmentRuleDefinition } from "@keduo/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { http, request } from "./http-client.ts";
import { recordKey } from "./records.queries.ts";

export type { AssignmentDecision, AssignmentRule, AssignmentRuleDefinition };

const rulesKey = (object: string) => ["meta", "assignment-rules", object] as const;
const enabledKey = (object: string) => ["meta", "assignment-enabled", object] as const;
/** Under the record's key: refreshing a record (after a transfer, say) refreshes why it has its owner. */
const decisionKey = (object: string, id: string) => [...recordKey(object, id), "assignment"] as const;

/** An object's assignment rules in the order they are tried (manage_metadata). */
export function useAssignmentRules(object: string) {
  return useQuery({
    queryKey: rulesKey(object),
    queryFn: ({ signal }) =>
      http
        .get<{ rules: AssignmentRule[] }>(`/api/meta/objects/${object}/assignment-rules`, undefined, signal)
        .then((r) => r.rules),
  });
}

/** How many of an object's rules are on (for anyone signed in): lists offer "assign by rules" where one is. */
export function useEnabledAssignmentRules(object: string) {
  return useQuery({
    queryKey: enabledKey(object),
    queryFn: ({ signal }) =>
      http
        .get<{ enabled_rules: number }>(`/api/meta/objects/${object}/assignment`, undefined, signal)
        .then((r) => r.enabled_rules),
    staleTime: 60_000,
  });
}

/** Replaces the whole ordered list; the server checks it whole and answers every problem at once. */
export function useSaveAssignmentRules(object: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rules: AssignmentRuleDefinition[]) =>
      request<{ rules: AssignmentRule[] }>("PUT", `/api/meta/objects/${object}/assignment-rules`, {
        body: { rules },
      }).then((r) => r.rules),
    onSuccess: (rules) => {
      queryClient.setQueryData(rulesKey(object), rules);
      queryClient.setQueryData(enabledKey(object), rules.filter((rule) => rule.enabled).length);
    },
  });
}

/** Why the record has its owner: the last assignment decision, or null when rules never assigned it. */
export function useAssignmentDecision(object: string, id: string) {
  return useQuery({
    queryKey: decisionKey(object, id),
    queryFn: ({ signal }) =>
      http
        .get<{ decision: AssignmentDecision | null }>(
          `/api/records/${object}/${id}/assignment`,
          undefined,
          signal,
        )
        .then((r) => r.decision),
  });
}

/** "Assign by rules" on records: their owners change as the caller (who needs the right to transfer). */
export const assignByRules = (object: string, ids: string[]) =>
  http
    .post<{ decisions: AssignmentDecision[] }>(`/api/records/${object}/assign`, { ids })
    .then((r) => r.decisions);
