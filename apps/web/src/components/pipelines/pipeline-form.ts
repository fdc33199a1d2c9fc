import type { Pipeline, StageDefinition, Translatable } from "@keduo/core";

/** A stage as the form edits it: the owner as one select value, guidance always two strings. */
export type StageForm = Omit<StageDefinition, "owner" | "guidance"> & {
  owner: string;
  guidance: Translatable;
};

export interface PipelineForm {
  api_name: string;
  labels: Translatable;
  stage_field: string;
  pipeline_field: string | null;
  is_default: boolean;
  stages: StageForm[];
}

export const blankStage = (value: string): StageForm => ({
  value,
  kind: value === "won" ? "won" : value === "lost" ? "lost" : "open",
  probability: null,
  guidance: { "zh-CN": "", en: "" },
  owner: "",
  required_fields: [],
  entry_conditions: [],
  exit_conditions: [],
  deliverables: [],
  rotting_days: null,
});

export function toForm(pipeline: Pipeline): PipelineForm {
  return {
    api_name: pipeline.api_name,
    labels: pipeline.labels,
    stage_field: pipeline.stage_field,
    pipeline_field: pipeline.pipeline_field,
    is_default: pipeline.is_default,
    stages: pipeline.stages.map((stage) => ({
      ...stage,
      guidance: stage.guidance ?? { "zh-CN": "", en: "" },
      owner: stage.owner
        ? stage.owner.kind === "role"
          ? `role:${stage.owner.role}`
          : `field:${stage.owner.field}`
        : "",
    })),
  };
}

/** The API's body: empty guidance is none, the owner back to its shape, blank numbers are null. */
export function fromForm(form: PipelineForm) {
  return {
    labels: form.labels,
    is_default: form.is_default,
    stages: form.stages.map(({ owner, guidance, ...stage }) => {
      const [kind, name = ""] = owner.split(":");
      const text = guidance["zh-CN"]?.trim() || guidance.en?.trim();
      return {
        ...stage,
        probability: stage.probability ?? null,
        rotting_days: stage.rotting_days ?? null,
        guidance: text ? guidance : null,
        owner:
          kind === "role"
            ? { kind: "role", role: name }
            : kind === "field"
              ? { kind: "user_field", field: name }
              : null,
      };
    }),
  };
}
