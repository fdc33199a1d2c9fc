import type { Pipeline, StageDefinition, Translatable } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";

/** The pipelines table as SQL (a system table the schema plugin does not know). */
const table = (schemas: Schemas) => sql.id(schemas.system, "pipelines");

interface PipelineRow {
  id: string;
  object: string;
  api_name: string;
  labels: Translatable;
  stage_field: string;
  pipeline_field: string | null;
  is_default: boolean;
  position: number;
  stages: StageDefinition[];
  created_at: Date;
  updated_at: Date;
}

const toPipeline = (row: PipelineRow): Pipeline => ({
  id: row.id,
  object: row.object,
  api_name: row.api_name,
  labels: row.labels,
  stage_field: row.stage_field,
  pipeline_field: row.pipeline_field,
  is_default: row.is_default,
  position: row.position,
  stages: row.stages,
  created_at: new Date(row.created_at).toISOString(),
  updated_at: new Date(row.updated_at).toISOString(),
});

/** Pipelines in their order per object (all objects when `object` is absent). */
export async function loadPipelines(
  executor: Db | Trx,
  schemas: Schemas,
  filter: { object?: string; apiName?: string } = {},
): Promise<Pipeline[]> {
  const conditions = [
    ...(filter.object !== undefined ? [sql`object = ${filter.object}`] : []),
    ...(filter.apiName !== undefined ? [sql`api_name = ${filter.apiName}`] : []),
  ];
  const where = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const { rows } = await sql<PipelineRow>`SELECT * FROM ${table(schemas)} ${where}
    ORDER BY object, position, api_name`.execute(executor);
  return rows.map(toPipeline);
}

/** Writes a pipeline (insert or update by id); a default pipeline makes its object's others non-default. */
export async function savePipeline(trx: Trx, schemas: Schemas, pipeline: Pipeline): Promise<void> {
  const values = {
    labels: JSON.stringify(pipeline.labels),
    stages: JSON.stringify(pipeline.stages),
  };
  await sql`INSERT INTO ${table(schemas)} (id, object, api_name, labels, stage_field, pipeline_field,
      is_default, position, stages, created_at, updated_at)
    VALUES (${pipeline.id}, ${pipeline.object}, ${pipeline.api_name}, ${values.labels}::jsonb,
      ${pipeline.stage_field}, ${pipeline.pipeline_field}, ${pipeline.is_default}, ${pipeline.position},
      ${values.stages}::jsonb, ${pipeline.created_at}, ${pipeline.updated_at})
    ON CONFLICT (id) DO UPDATE SET labels = excluded.labels, stage_field = excluded.stage_field,
      pipeline_field = excluded.pipeline_field, is_default = excluded.is_default,
      position = excluded.position, stages = excluded.stages, updated_at = excluded.updated_at`.execute(trx);
  if (pipeline.is_default)
    await sql`UPDATE ${table(schemas)} SET is_default = false
      WHERE object = ${pipeline.object} AND id <> ${pipeline.id} AND is_default`.execute(trx);
}

export async function deletePipelines(
  trx: Trx,
  schemas: Schemas,
  filter: { object: string; id?: string },
): Promise<void> {
  const byId = filter.id !== undefined ? sql` AND id = ${filter.id}` : sql``;
  await sql`DELETE FROM ${table(schemas)} WHERE object = ${filter.object}${byId}`.execute(trx);
}
