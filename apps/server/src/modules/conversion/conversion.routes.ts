import type { ConversionChoice, ConversionDefinition } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { ConversionService } from "./conversion.service.ts";

const tags = ["conversion"];
const name = { type: "string", maxLength: 64 } as const;
const objectParams = { type: "object", properties: { object: name }, required: ["object"] } as const;
const recordParams = {
  type: "object",
  properties: { object: name, id: { type: "string", format: "uuid" } },
  required: ["object", "id"],
} as const;
const choice = {
  anyOf: [
    {
      type: "object",
      additionalProperties: false,
      required: ["action"],
      properties: { action: { const: "create" }, values: { type: "object" } },
    },
    {
      type: "object",
      additionalProperties: false,
      required: ["action", "id"],
      properties: { action: { const: "attach" }, id: { type: "string", format: "uuid" } },
    },
    {
      type: "object",
      additionalProperties: false,
      required: ["action"],
      properties: { action: { const: "skip" } },
    },
  ],
} as const;

type RecordParams = { Params: { object: string; id: string } };

/** Converting a record into others (a lead into an account, a contact and an opportunity), ADR 0027. */
export async function registerConversionRoutes(
  app: FastifyInstance,
  deps: { conversion: ConversionService },
) {
  const { conversion } = deps;

  app.get<{ Params: { object: string } }>(
    "/api/meta/objects/:object/conversion",
    {
      config: { access: "authenticated", summary: "What an object's records convert into", tags },
      schema: { params: objectParams },
    },
    async (request) => ({ conversion: await conversion.definition(request.params.object) }),
  );

  app.put<{ Params: { object: string }; Body: ConversionDefinition }>(
    "/api/meta/objects/:object/conversion",
    {
      config: { access: "manage_metadata", summary: "Define what an object's records convert into", tags },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["targets"],
          properties: {
            targets: { type: "array", minItems: 1, maxItems: 6, items: { type: "object" } },
            back_links: { type: "object" },
            set: { type: "object" },
          },
        },
      },
    },
    async (request) => ({
      conversion: await conversion.save(request.params.object, request.body, requireAccess(request).userId),
    }),
  );

  app.post<RecordParams>(
    "/api/records/:object/:id/convert/check",
    {
      config: {
        access: "authenticated",
        summary: "Before converting: each target's starting values and the records it may duplicate",
        tags,
      },
      schema: { params: recordParams },
    },
    async (request) => conversion.check(request.params.object, request.params.id, requireAccess(request)),
  );

  app.post<RecordParams & { Body: { targets?: Record<string, ConversionChoice> } }>(
    "/api/records/:object/:id/convert",
    {
      config: {
        access: "authenticated",
        summary: "Convert a record: create, attach or skip each target, all in one transaction",
        tags,
      },
      schema: {
        params: recordParams,
        body: {
          type: "object",
          additionalProperties: false,
          properties: { targets: { type: "object", additionalProperties: choice, maxProperties: 6 } },
        },
      },
    },
    async (request, reply) => {
      const result = await conversion.convert(
        request.params.object,
        request.params.id,
        request.body.targets ?? {},
        {
          access: requireAccess(request),
          origin: { ip: request.ip, via: request.principal?.via ?? "system" },
        },
      );
      reply.status(201);
      return result;
    },
  );
}
