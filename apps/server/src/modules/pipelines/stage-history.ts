import type { StageStay } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas } from "../../db/database.ts";

export const stageHistoryTable = (schemas: Schemas) => sql.id(schemas.system, "stage_history");

/** A record's stays in its stages, oldest first, with whole seconds in each (up to `now` for the open one). */
export async function readStageHistory(
  db: Db,
  schemas: Schemas,
  record: { object: string; id: string },
  now: Date,
): Promise<StageStay[]> {
  const { rows } = await sql<{
    pipeline: string;
    stage: string;
    entered_at: Date;
    entered_by: string | null;
    left_at: Date | null;
    left_by: string | null;
    seconds: string;
  }>`SELECT pipeline, stage, entered_at, entered_by, left_at, left_by,
      floor(extract(epoch FROM coalesce(left_at, ${now}::timestamptz) - entered_at))::bigint AS seconds
    FROM ${stageHistoryTable(schemas)} WHERE object = ${record.object} AND record_id = ${record.id}
    ORDER BY entered_at, id`.execute(db);
  return rows.map((row) => ({
    pipeline: row.pipeline,
    stage: row.stage,
    entered_at: new Date(row.entered_at).toISOString(),
    entered_by: row.entered_by,
    left_at: row.left_at ? new Date(row.left_at).toISOString() : null,
    left_by: row.left_by,
    seconds: Math.max(0, Number(row.seconds)),
  }));
}

/** An object's history goes with the object. */
export async function deleteStageHistory(db: Db, schemas: Schemas, object: string): Promise<void> {
  await sql`DELETE FROM ${stageHistoryTable(schemas)} WHERE object = ${object}`.execute(db);
}

/** One entry into a stage, for timelines. */
export interface StageEntry {
  object: string;
  record_id: string;
  pipeline: string;
  stage: string;
  entered_at: Date;
  entered_by: string | null;
}

/**
 * The latest entries into stages of some records of one object, newest first, before `before` (a timeline's
 * page). The caller has already established that the reader may read those records.
 */
export async function recentStageEntries(
  db: Db,
  schemas: Schemas,
  query: {
    object: string;
    recordIds: readonly string[];
    /** Older than this instant (`lt`), or at it too (`lte`), or at it only below this record id (`tie`). */
    before: { at: Date; mode: "lt" | "lte" | "tie"; recordId?: string } | null;
    limit: number;
  },
): Promise<StageEntry[]> {
  if (query.recordIds.length === 0) return [];
  const { before } = query;
  const older = !before
    ? sql``
    : before.mode === "lt"
      ? sql`AND entered_at < ${before.at}`
      : before.mode === "lte"
        ? sql`AND entered_at <= ${before.at}`
        : sql`AND (entered_at < ${before.at} OR (entered_at = ${before.at} AND record_id < ${before.recordId ?? ""}::uuid))`;
  const { rows } = await sql<StageEntry>`SELECT object, record_id, pipeline, stage, entered_at, entered_by
    FROM ${stageHistoryTable(schemas)}
    WHERE object = ${query.object} AND record_id = ANY(${query.recordIds}::uuid[]) ${older}
    ORDER BY entered_at DESC, record_id DESC, id DESC LIMIT ${query.limit}`.execute(db);
  return rows.map((row) => ({ ...row, entered_at: new Date(row.entered_at) }));
}

/**
 * The open stays of an object's records as a relation (`record_id`, `stage`, `entered_at`), for set-based
 * scans by other engines (stagnation timers) that must not read this module's table themselves.
 */
export function openStaysSql(schemas: Schemas, object: string) {
  return sql`(SELECT record_id, stage, entered_at FROM ${stageHistoryTable(schemas)}
    WHERE object = ${object} AND left_at IS NULL)`;
}
