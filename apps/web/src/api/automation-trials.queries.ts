import type { AutomationAction, AutomationDefinition, RunStep } from "@keduo/core";
import { useMutation } from "@tanstack/react-query";
import { request } from "./http-client.ts";

/*
 * Trying an automation before relying on it (issue 17 points 8 and 9): both send the editor's current
 * definition, saved or not, and change nothing — a preview only reads, a test runs the actions in a
 * transaction the server rolls back.
 */

/** One record a timed automation would act on, and on which day. */
export interface PreviewHit {
  date: string;
  record_id: string;
  /** The record's display value; null when it has none. */
  label: string | null;
  occurrence: string;
}

export interface AutomationPreview {
  from: string;
  to: string;
  hits: PreviewHit[];
  /** More hits than listed (the server stops at 200). */
  truncated: boolean;
  actions: AutomationAction[];
}

/** A dry run on one record: whether the condition holds, and what each action would have done. */
export interface AutomationTestResult {
  record_id: string;
  /** `result` null: the condition could not be judged for this record (`note` says why). */
  condition: { result: boolean | null; note: string | null };
  steps: RunStep[];
}

export const PREVIEW_DAYS = [7, 30, 90] as const;
export type PreviewDays = (typeof PREVIEW_DAYS)[number];

/** Which records a timed automation would act on in the next days (manage_metadata; nothing recorded). */
export function usePreviewAutomation() {
  return useMutation({
    mutationFn: (input: { definition: AutomationDefinition; days: PreviewDays; id?: string }) =>
      request<AutomationPreview>("POST", "/api/automations/preview", {
        query: { days: input.days, id: input.id },
        body: input.definition,
      }),
  });
}

/** Runs the automation against one record and rolls everything back (manage_metadata). */
export function useTestAutomation() {
  return useMutation({
    mutationFn: (input: { definition: AutomationDefinition; recordId: string; id?: string }) =>
      request<AutomationTestResult>("POST", "/api/automations/test", {
        query: { record_id: input.recordId, id: input.id },
        body: input.definition,
      }),
  });
}
