import type { Clock } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { BundlesService } from "../bundles/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import { pipelineSection } from "./pipeline-section.ts";
import "./pipelines.errors.ts";
import { PipelinesService } from "./pipelines.service.ts";
import { pipelinesGuard } from "./pipelines-guard.ts";
import { stageGatesHook } from "./stage-gates.ts";
import { stageHistoryHook } from "./stage-history-hook.ts";

export type { PipelineInput } from "./pipeline-check.ts";
export { PipelinesService } from "./pipelines.service.ts";
export { openStaysSql, recentStageEntries, type StageEntry } from "./stage-history.ts";

/**
 * Pipelines (ADR 0026), a platform feature on any object. Creating the service registers what enforces
 * them: stage gates in the verify stage of every record write, stage history after it, a guard on field and
 * object changes, and the bundle section.
 */
export function createPipelinesService(deps: {
  database: Database;
  clock: Clock;
  config: ServerConfig;
  metadata: MetadataService;
  records: RecordsService;
  bundles: BundlesService;
}): PipelinesService {
  const { schemas } = deps.database;
  const pipelines = new PipelinesService({ ...deps, reads: deps.records.reads });
  deps.records.pipeline.register(
    "verify",
    "pipelines.gates",
    stageGatesHook({ pipelines, schemas, timeZone: deps.config.timeZone }),
    // Gates may read stored formulas (they see the values this write recomputed), and report the rules'
    // problems with their own.
    { after: ["formula.stored", "validation.rules"] },
  );
  deps.records.pipeline.register("afterWrite", "pipelines.history", stageHistoryHook({ pipelines, schemas }));
  deps.metadata.guards.register("pipelines", pipelinesGuard(schemas));
  deps.bundles.sections.register(pipelineSection({ pipelines, schemas }));
  return pipelines;
}
