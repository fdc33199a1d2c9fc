import type { AutomationDefinition } from "@keduo/core";
import type { ProblemError } from "../../api/problem.ts";
import type { AutomationFormValues } from "./automation-form.ts";

/** The editor as it stands when a preview or test starts: the definition sent and the values it came from. */
export interface TrialSnapshot {
  definition: AutomationDefinition;
  values: AutomationFormValues;
}

/** What the preview and the test need from the editor. */
export interface TrialProps {
  /** The saved automation's id: the server judges the definition over it (and leaves out fired occasions). */
  automationId?: string;
  /** Takes the form as it is now (clearing the last refusal's marks). */
  snapshot: () => TrialSnapshot;
  /** A 400: the definition has problems, shown in the form as a refused save shows them. */
  onRefused: (error: ProblemError, values: AutomationFormValues) => void;
}
