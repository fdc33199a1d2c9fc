import {
  type MetadataSnapshot,
  moveDirection,
  type Pipeline,
  type StageDefinition,
  type Translatable,
} from "@keduo/core";
import type { PendingRecord } from "../records/index.ts";

type Row = Record<string, unknown>;

/** A record's pipeline: named by the pipeline field, else the default one; null when it names none. */
export function pipelineOf(pipelines: readonly Pipeline[], row: Row): Pipeline | null {
  const first = pipelines[0];
  if (!first) return null;
  const named = first.pipeline_field ? row[first.pipeline_field] : null;
  if (named === null || named === undefined || named === "")
    return pipelines.find((p) => p.is_default) ?? first;
  return pipelines.find((p) => p.api_name === named) ?? null;
}

/** A write that puts a record into a stage (a create with a stage, a stage or pipeline change). */
export interface StageMove {
  record: PendingRecord;
  pipeline: Pipeline;
  /** The stage it leaves in the same pipeline; null when it enters the pipeline. */
  from: StageDefinition | null;
  /** Null when the new stage is not one of the pipeline's. */
  to: StageDefinition | null;
  toValue: string;
  direction: ReturnType<typeof moveDirection>;
}

export function findMoves(pipelines: readonly Pipeline[], records: readonly PendingRecord[]): StageMove[] {
  const first = pipelines[0];
  if (!first) return [];
  const stageField = first.stage_field;
  const moves: StageMove[] = [];
  for (const record of records) {
    const after = record.after;
    const toValue = after?.[stageField];
    if (!after || typeof toValue !== "string") continue;
    const pipeline = pipelineOf(pipelines, after);
    if (!pipeline) continue;
    const before = record.before;
    const previous = before ? pipelineOf(pipelines, before) : null;
    const fromValue = before?.[stageField];
    const samePipeline = previous?.id === pipeline.id;
    if (samePipeline && fromValue === toValue) continue;
    const from = samePipeline ? (pipeline.stages.find((s) => s.value === fromValue) ?? null) : null;
    moves.push({
      record,
      pipeline,
      from,
      to: pipeline.stages.find((s) => s.value === toValue) ?? null,
      toValue,
      direction: moveDirection(pipeline, from?.value ?? null, toValue),
    });
  }
  return moves;
}

/** A stage's name as its option on the stage field shows it (the value when the option is gone). */
export function stageLabel(snapshot: MetadataSnapshot, pipeline: Pipeline, value: string): Translatable {
  const field = snapshot.objects.get(pipeline.object)?.fields.find((f) => f.apiName === pipeline.stage_field);
  const option = field?.config.options?.find((o) => o.value === value);
  return option?.labels ?? { "zh-CN": value, en: value };
}
