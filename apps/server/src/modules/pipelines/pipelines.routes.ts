import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { PipelineInput } from "./pipeline-check.ts";
import type { PipelinesService } from "./pipelines.service.ts";

const tags = ["pipelines"];
const name = { type: "string", maxLength: 64 } as const;
const objectParams = { type: "object", properties: { object: name }, required: ["object"] } as const;
const pipelineParams = {
  type: "object",
  properties: { object: name, pipeline: name },
  required: ["object", "pipeline"],
} as const;
const text = {
  type: "object",
  additionalProperties: false,
  required: ["zh-CN", "en"],
  properties: { "zh-CN": { type: "string", maxLength: 2000 }, en: { type: "string", maxLength: 2000 } },
} as const;
const condition = {
  type: "object",
  additionalProperties: false,
  required: ["condition", "message"],
  properties: { condition: { type: "string", maxLength: 20_000 }, message: text },
} as const;
const fieldList = { type: "array", maxItems: 100, items: name } as const;
const stage = {
  type: "object",
  additionalProperties: false,
  required: ["value"],
  properties: {
    value: name,
    kind: { type: "string", enum: ["open", "won", "lost"] },
    probability: { type: ["number", "null"] },
    guidance: { anyOf: [text, { type: "null" }] },
    owner: {
      anyOf: [
        {
          type: "object",
          additionalProperties: false,
          required: ["kind", "role"],
          properties: { kind: { const: "role" }, role: name },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["kind", "field"],
          properties: { kind: { const: "user_field" }, field: name },
        },
        { type: "null" },
      ],
    },
    required_fields: fieldList,
    entry_conditions: { type: "array", maxItems: 50, items: condition },
    exit_conditions: { type: "array", maxItems: 50, items: condition },
    deliverables: fieldList,
    rotting_days: { type: ["integer", "null"] },
  },
} as const;
const pipelineProperties = {
  labels: text,
  stage_field: name,
  pipeline_field: { type: ["string", "null"], maxLength: 64 },
  is_default: { type: "boolean" },
  position: { type: "integer", minimum: 0, maximum: 1000 },
  stages: { type: "array", minItems: 1, maxItems: 100, items: stage },
} as const;

type ObjectParams = { Params: { object: string } };
type PipelineParams = { Params: { object: string; pipeline: string } };

/**
 * Pipelines of an object. Everyone signed in reads them (boards, record pages and guidance need the stages);
 * changing them is a metadata change, so every instance enforces the new gates at once.
 */
export async function registerPipelineRoutes(app: FastifyInstance, deps: { pipelines: PipelinesService }) {
  const { pipelines } = deps;

  app.get<ObjectParams>(
    "/api/meta/objects/:object/pipelines",
    {
      config: { access: "authenticated", summary: "List an object's pipelines with their stages", tags },
      schema: { params: objectParams },
    },
    async (request) => ({ pipelines: await pipelines.list(request.params.object) }),
  );

  app.get<PipelineParams>(
    "/api/meta/objects/:object/pipelines/:pipeline",
    {
      config: { access: "authenticated", summary: "One pipeline", tags },
      schema: { params: pipelineParams },
    },
    async (request) => pipelines.get(request.params.object, request.params.pipeline),
  );

  app.post<ObjectParams & { Body: PipelineInput }>(
    "/api/meta/objects/:object/pipelines",
    {
      config: { access: "manage_metadata", summary: "Add a pipeline: ordered stages with gates", tags },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["api_name", "labels", "stage_field", "stages"],
          properties: { api_name: name, ...pipelineProperties },
        },
      },
    },
    async (request, reply) => {
      const created = await pipelines.save(
        request.params.object,
        null,
        request.body,
        requireAccess(request).userId,
      );
      reply.status(201);
      return created;
    },
  );

  app.patch<PipelineParams & { Body: PipelineInput }>(
    "/api/meta/objects/:object/pipelines/:pipeline",
    {
      config: {
        access: "manage_metadata",
        summary: "Change a pipeline; dropping a stage that holds records is refused with the count",
        tags,
      },
      schema: {
        params: pipelineParams,
        body: { type: "object", additionalProperties: false, properties: pipelineProperties },
      },
    },
    async (request) =>
      pipelines.save(
        request.params.object,
        request.params.pipeline,
        request.body,
        requireAccess(request).userId,
      ),
  );

  app.delete<PipelineParams>(
    "/api/meta/objects/:object/pipelines/:pipeline",
    {
      config: {
        access: "manage_metadata",
        summary: "Delete a pipeline (records and their history stay)",
        tags,
      },
      schema: { params: pipelineParams },
    },
    async (request, reply) => {
      await pipelines.remove(request.params.object, request.params.pipeline, requireAccess(request).userId);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { object: string; id: string } }>(
    "/api/records/:object/:id/stage-history",
    {
      config: {
        access: "authenticated",
        summary: "A record's stays in its pipeline stages, with time in each (records you may read)",
        tags,
      },
      schema: {
        params: {
          type: "object",
          properties: { object: name, id: { type: "string", format: "uuid" } },
          required: ["object", "id"],
        },
      },
    },
    async (request) => {
      const { object, id } = request.params;
      return { stays: await pipelines.stageHistory(object, id, requireAccess(request)) };
    },
  );
}
