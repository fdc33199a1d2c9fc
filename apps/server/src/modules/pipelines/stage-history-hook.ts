import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import type { WriteContext } from "../records/index.ts";
import type { PipelinesService } from "./pipelines.service.ts";
import { stageHistoryTable as table } from "./stage-history.ts";
import { findMoves } from "./stage-moves.ts";

/**
 * Stage history (afterWrite): a record that enters a stage closes its open stay and opens a new one, in the
 * write's transaction and its one deferred statement (no extra round trip). Times are the write's clock
 * reading, so time in stage follows the business clock.
 */
export function stageHistoryHook(deps: { pipelines: PipelinesService; schemas: Schemas }) {
  return async (ctx: WriteContext) => {
    if (ctx.operation !== "create" && ctx.operation !== "update") return;
    const pipelines = await deps.pipelines.forWrite(ctx.trx, ctx.snapshot, ctx.model.object.apiName);
    const moves = findMoves(pipelines, ctx.records).filter((move) => move.to !== null);
    if (moves.length === 0) return;
    const object = ctx.model.object.apiName;
    const ids = moves.map((move) => move.record.id);
    const entered = JSON.stringify(
      moves.map((move) => ({ id: move.record.id, pipeline: move.pipeline.api_name, stage: move.toValue })),
    );
    if (ctx.operation === "update")
      ctx.deferred.push(sql`UPDATE ${table(deps.schemas)} SET left_at = ${ctx.now}, left_by = ${ctx.actorId}
        WHERE object = ${object} AND record_id = ANY(${ids}::uuid[]) AND left_at IS NULL`);
    ctx.deferred.push(sql`INSERT INTO ${table(deps.schemas)} (object, record_id, pipeline, stage, entered_at,
        entered_by)
      SELECT ${object}, r.id, r.pipeline, r.stage, ${ctx.now}::timestamptz, ${ctx.actorId}::uuid
      FROM jsonb_to_recordset(${entered}::jsonb) AS r(id uuid, pipeline text, stage text)`);
  };
}
