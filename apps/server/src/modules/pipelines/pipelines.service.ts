import {
  type Clock,
  type FieldIssue,
  KeduoError,
  type MetadataSnapshot,
  type Pipeline,
  type PipelineDefinition,
  type StageStay,
  uuidv7,
} from "@keduo/core";
import { sql } from "kysely";
import type { Database, Trx } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import {
  findObjectOrThrow,
  type MetadataChange,
  type MetadataService,
  throwIfIssues,
} from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { type PipelineInput, resolvePipeline } from "./pipeline-check.ts";
import { deletePipelines, loadPipelines, savePipeline } from "./pipeline-rows.ts";
import { readStageHistory } from "./stage-history.ts";

interface PipelineCache {
  version: number;
  byObject: Map<string, Pipeline[]>;
}

/**
 * Pipelines: definitions versioned with the metadata (a change bumps the version, so every instance reloads
 * them), checked against the object's fields with every problem reported at once.
 */
export class PipelinesService {
  private cache: PipelineCache | null = null;
  private readonly deps: {
    database: Database;
    clock: Clock;
    metadata: MetadataService;
    /** Record reads as the caller: stage history is shown only for records they may read. */
    reads: Pick<RecordsService["reads"], "get">;
  };

  constructor(deps: PipelinesService["deps"]) {
    this.deps = deps;
  }

  async list(objectName: string): Promise<Pipeline[]> {
    findObjectOrThrow(await this.deps.metadata.current(), objectName);
    return loadPipelines(this.deps.database.db, this.deps.database.schemas, { object: objectName });
  }

  async get(objectName: string, apiName: string): Promise<Pipeline> {
    findObjectOrThrow(await this.deps.metadata.current(), objectName);
    return this.findOrThrow(this.deps.database.db, objectName, apiName);
  }

  save(objectName: string, apiName: string | null, input: PipelineInput, actorId: string | null) {
    const name = apiName ?? input.api_name ?? "";
    return this.deps.metadata.changeVersioned(
      `${apiName ? "update" : "create"} pipeline ${objectName}.${name}`,
      actorId,
      (change) => this.inChange(change, objectName, apiName, input),
    );
  }

  async remove(objectName: string, apiName: string, actorId: string | null): Promise<void> {
    await this.deps.metadata.changeVersioned(
      `delete pipeline ${objectName}.${apiName}`,
      actorId,
      async ({ trx }) => {
        const pipeline = await this.findOrThrow(trx, objectName, apiName);
        await deletePipelines(trx, this.deps.database.schemas, { object: objectName, id: pipeline.id });
      },
    );
  }

  /**
   * Creates (`apiName` null) or changes a pipeline inside a metadata change (the API's and a bundle's). A
   * change that drops a stage still holding records is refused with the count: they would be stranded.
   */
  async inChange(
    change: MetadataChange,
    objectName: string,
    apiName: string | null,
    input: PipelineInput,
  ): Promise<Pipeline> {
    const { trx, snapshot } = change;
    const { schemas } = this.deps.database;
    const object = findObjectOrThrow(snapshot, objectName);
    const all = await loadPipelines(trx, schemas, { object: objectName });
    const stored = apiName === null ? undefined : all.find((p) => p.api_name === apiName);
    if (apiName !== null && !stored)
      throw new KeduoError("PIPELINE_NOT_FOUND", { params: { object: objectName, pipeline: apiName } });
    const roles = await trx.selectFrom("roles").select("api_name").execute();
    const issues: FieldIssue[] = [];
    const siblings = all.filter((p) => p.id !== stored?.id);
    const definition = resolvePipeline(
      { snapshot, object, siblings, roles: new Set(roles.map((r) => r.api_name)) },
      input,
      stored ?? null,
      issues,
    );
    throwIfIssues(issues);
    if (!stored && all.some((p) => p.api_name === definition.api_name))
      throw new KeduoError("PIPELINE_NAME_TAKEN", {
        params: { object: objectName, pipeline: definition.api_name },
      });
    if (stored) await this.refuseStrandingStages(trx, stored, definition);
    const now = this.deps.clock.now().toISOString();
    const pipeline: Pipeline = {
      ...definition,
      id: stored?.id ?? uuidv7(),
      position: input.position ?? stored?.position ?? all.length,
      created_at: stored?.created_at ?? now,
      updated_at: now,
    };
    await savePipeline(trx, schemas, pipeline);
    return pipeline;
  }

  /** A record's stays in its stages, for a caller who may read the record (404 otherwise, like a read). */
  async stageHistory(objectName: string, id: string, access: AccessContext): Promise<StageStay[]> {
    await this.deps.reads.get(objectName, id, access, { fields: [] });
    const { db, schemas } = this.deps.database;
    return readStageHistory(db, schemas, { object: objectName, id }, this.deps.clock.now());
  }

  /** The object's pipelines as of the metadata version a write holds, cached per version. */
  async forWrite(trx: Trx, snapshot: MetadataSnapshot, objectName: string): Promise<Pipeline[]> {
    let cache = this.cache;
    if (cache?.version !== snapshot.version) {
      const byObject = new Map<string, Pipeline[]>();
      for (const pipeline of await loadPipelines(trx, this.deps.database.schemas))
        byObject.set(pipeline.object, [...(byObject.get(pipeline.object) ?? []), pipeline]);
      cache = { version: snapshot.version, byObject };
      if (!this.cache || cache.version >= this.cache.version) this.cache = cache;
    }
    return cache.byObject.get(objectName) ?? [];
  }

  private async findOrThrow(
    executor: Parameters<typeof loadPipelines>[0],
    objectName: string,
    apiName: string,
  ) {
    const [pipeline] = await loadPipelines(executor, this.deps.database.schemas, {
      object: objectName,
      apiName,
    });
    if (!pipeline)
      throw new KeduoError("PIPELINE_NOT_FOUND", { params: { object: objectName, pipeline: apiName } });
    return pipeline;
  }

  /** Records (the recycle bin's too: they can come back) in stages the new definition drops. */
  private async refuseStrandingStages(trx: Trx, stored: Pipeline, next: PipelineDefinition) {
    const kept = new Set(next.stages.map((s) => s.value));
    const dropped = stored.stages.map((s) => s.value).filter((value) => !kept.has(value));
    if (dropped.length === 0) return;
    const table = objectTable(this.deps.database.schemas, stored.object);
    const stage = sql.ref(`t.${stored.stage_field}`);
    const inPipeline = stored.pipeline_field
      ? sql`(${sql.ref(`t.${stored.pipeline_field}`)} = ${stored.api_name}${
          stored.is_default ? sql` OR ${sql.ref(`t.${stored.pipeline_field}`)} IS NULL` : sql``
        })`
      : sql`true`;
    const { rows } = await sql<{ stage: string; count: string }>`
      SELECT ${stage} AS stage, count(*) AS count FROM ${table} t
      WHERE ${stage} = ANY(${dropped}::text[]) AND ${inPipeline} GROUP BY 1 ORDER BY 2 DESC`.execute(trx);
    const first = rows[0];
    if (!first) return;
    throw new KeduoError("PIPELINE_STAGE_IN_USE", {
      params: { pipeline: stored.api_name, stage: first.stage, count: Number(first.count) },
      extra: { stages: rows.map((row) => ({ stage: row.stage, count: Number(row.count) })) },
    });
  }
}
