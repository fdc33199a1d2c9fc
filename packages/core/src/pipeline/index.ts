import type { Translatable } from "../i18n/index.ts";

/*
 * Pipelines (ADR 0026): ordered stages over an object's stage field, with gates a write must pass. The shapes
 * below are the API's, the bundle's and the web app's (snake_case like every other definition).
 */

/** An open stage is worked in; a won or lost stage ends the pipeline (and may require a reason field). */
export type StageKind = "open" | "won" | "lost";
export const STAGE_KINDS: readonly StageKind[] = ["open", "won", "lost"];

/** A formula that must be TRUE for the move, and what the writer is told when it is not. */
export interface StageCondition {
  condition: string;
  message: Translatable;
}

/** Who answers for a record while it is in the stage: holders of a role, or the user in a user field. */
export type StageOwner = { kind: "role"; role: string } | { kind: "user_field"; field: string };

export interface StageDefinition {
  /** An option value of the pipeline's stage field; its label is the option's label. */
  value: string;
  kind: StageKind;
  /** Win probability in percent (0–100), for weighted forecasts; null when not forecast. */
  probability: number | null;
  /** What a rep should do in this stage, shown on the record and the card. */
  guidance: Translatable | null;
  owner: StageOwner | null;
  /** Fields that must hold a value to enter the stage. */
  required_fields: string[];
  /** Conditions that must hold to enter the stage. */
  entry_conditions: StageCondition[];
  /** Conditions that must hold to move on to a later stage or win (not to lose or go back). */
  exit_conditions: StageCondition[];
  /** Fields (attachments, checklist checkboxes, any value) that must be filled or ticked to move on. */
  deliverables: string[];
  /** Days in the stage after which a record is stagnant (reminders use it); null for never. */
  rotting_days: number | null;
}

export interface PipelineDefinition {
  object: string;
  api_name: string;
  labels: Translatable;
  /** The select field holding the stage; every pipeline of an object uses the same one. */
  stage_field: string;
  /** The select field whose value names a record's pipeline; null while the object has one pipeline. */
  pipeline_field: string | null;
  /** Records whose pipeline field is empty follow the default pipeline. */
  is_default: boolean;
  stages: StageDefinition[];
}

/** A pipeline as the API returns it. */
export interface Pipeline extends PipelineDefinition {
  id: string;
  position: number;
  created_at: string;
  updated_at: string;
}

/** One stay of a record in a stage: `left_at` null while it is still there. */
export interface StageStay {
  pipeline: string;
  stage: string;
  entered_at: string;
  entered_by: string | null;
  left_at: string | null;
  left_by: string | null;
  /** Whole seconds in the stage, up to now for the current stay (business clock). */
  seconds: number;
}

/** Where a move from one stage to another stands in the pipeline's order. */
export function moveDirection(
  pipeline: Pick<PipelineDefinition, "stages">,
  from: string | null,
  to: string,
): "enter" | "forward" | "back" | "lose" {
  const target = pipeline.stages.findIndex((s) => s.value === to);
  const kind = pipeline.stages[target]?.kind;
  if (kind === "lost") return "lose";
  const origin = from === null ? -1 : pipeline.stages.findIndex((s) => s.value === from);
  if (origin < 0) return "enter";
  // Winning moves a deal on from wherever its end stage is listed.
  return kind === "won" || target > origin ? "forward" : "back";
}
