import { type FieldIssue, KeduoError, type MetadataSnapshot } from "@keduo/core";
import type { Schemas } from "../../db/database.ts";
import type { FieldChange, MetadataGuard } from "../metadata/index.ts";
import { resolvePipeline } from "./pipeline-check.ts";
import { deletePipelines, loadPipelines } from "./pipeline-rows.ts";
import { deleteStageHistory } from "./stage-history.ts";

/** The snapshot as it would be after the change: the one field replaced. */
function withField(snapshot: MetadataSnapshot, change: FieldChange): MetadataSnapshot {
  const objects = new Map(snapshot.objects);
  objects.set(change.object.apiName, {
    ...change.object,
    fields: change.object.fields.map((f) => (f.id === change.after.id ? change.after : f)),
  });
  return { ...snapshot, objects };
}

/**
 * Keeps pipelines consistent with the fields they read: a field change that would break a pipeline which
 * checks today (its stage field hidden, a stage's option removed, a required field's type changed, a gate's
 * formula no longer checking) is refused with the pipelines named. Pipelines and stage history of a deleted
 * object go with it.
 */
export function pipelinesGuard(schemas: Schemas): MetadataGuard {
  return {
    async beforeFieldChange(change, fieldChange) {
      const pipelines = await loadPipelines(change.trx, schemas);
      const roles = new Set(
        (await change.trx.selectFrom("roles").select("api_name").execute()).map((r) => r.api_name),
      );
      const after = withField(change.snapshot, fieldChange);
      const problems = (snapshot: MetadataSnapshot, pipeline: (typeof pipelines)[number]) => {
        const object = snapshot.objects.get(pipeline.object);
        if (!object) return 1;
        const issues: FieldIssue[] = [];
        const siblings = pipelines.filter((p) => p.object === pipeline.object && p.id !== pipeline.id);
        resolvePipeline({ snapshot, object, siblings, roles }, {}, pipeline, issues);
        return issues.length;
      };
      const broken = pipelines.filter(
        (pipeline) => problems(change.snapshot, pipeline) === 0 && problems(after, pipeline) > 0,
      );
      if (broken.length === 0) return;
      throw new KeduoError("FIELD_USED_BY_PIPELINE", {
        params: {
          field: `${fieldChange.object.apiName}.${fieldChange.before.apiName}`,
          pipelines: broken.map((p) => `${p.object}.${p.api_name}`).join(", "),
        },
        extra: { pipelines: broken.map((p) => ({ object: p.object, api_name: p.api_name })) },
      });
    },

    async beforeObjectDelete(change, object) {
      await deletePipelines(change.trx, schemas, { object: object.apiName });
      await deleteStageHistory(change.trx, schemas, object.apiName);
    },
  };
}
