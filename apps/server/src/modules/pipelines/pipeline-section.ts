import type { BundleSection, JsonObject } from "../bundles/index.ts";
import type { PipelineInput } from "./pipeline-check.ts";
import { loadPipelines } from "./pipeline-rows.ts";
import type { PipelinesService } from "./pipelines.service.ts";

/**
 * Pipelines in a bundle, by API name within their object (`objects/<object>.json`, slot `pipelines`), in
 * the order they are shown. Stages hold option values of the stage field, which the field section applied
 * before; a pipeline that does not check against the fields is refused like any other item.
 */
export function pipelineSection(deps: {
  pipelines: PipelinesService;
  schemas: Parameters<typeof loadPipelines>[1];
}): BundleSection {
  return {
    kind: "pipelines",
    placement: { file: "object", slot: "pipelines", shape: "map" },
    async exportItems({ trx }) {
      const pipelines = await loadPipelines(trx, deps.schemas);
      return pipelines
        .map((p) => ({
          key: `${p.object}.${p.api_name}`,
          content: {
            labels: p.labels,
            position: p.position,
            stage_field: p.stage_field,
            pipeline_field: p.pipeline_field,
            is_default: p.is_default,
            stages: p.stages,
          } as unknown as JsonObject,
        }))
        .sort((a, b) => a.key.localeCompare(b.key));
    },
    async apply({ change }, item, existing) {
      const dot = item.key.indexOf(".");
      const [objectName, apiName] = [item.key.slice(0, dot), item.key.slice(dot + 1)];
      const input = { ...(item.content as unknown as PipelineInput), api_name: apiName };
      await deps.pipelines.inChange(change, objectName, existing ? apiName : null, input);
    },
  };
}
