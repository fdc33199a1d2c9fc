import type { OverviewDefinition } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { OverviewService } from "./overview.service.ts";

const tags = ["overview"];
const name = { type: "string", maxLength: 64 } as const;
const objectParams = { type: "object", properties: { object: name }, required: ["object"] } as const;
const recordParams = {
  type: "object",
  properties: { object: name, id: { type: "string", format: "uuid" } },
  required: ["object", "id"],
} as const;
const timelineQuery = {
  type: "object",
  additionalProperties: false,
  properties: {
    /** The previous page's `next_cursor` (an instant, its entry's kind and key). */
    before: { type: "string", maxLength: 120 },
    limit: { type: "integer", minimum: 1, maximum: 100 },
  },
} as const;
const part = { type: "object" } as const;
const definitionBody = {
  type: "object",
  additionalProperties: false,
  properties: {
    kpis: { type: "array", maxItems: 12, items: part },
    sections: { type: "array", maxItems: 12, items: part },
    timeline: { type: "array", maxItems: 8, items: part },
  },
} as const;

type TimelineQuery = { Querystring: { before?: string; limit?: number } };
type RecordParams = { Params: { object: string; id: string } };

/** A record's overview ("360") and its definition per object (ADR 0027). */
export async function registerOverviewRoutes(app: FastifyInstance, deps: { overview: OverviewService }) {
  const { overview } = deps;
  const page = (query: TimelineQuery["Querystring"]) => ({
    ...(query.before ? { before: query.before } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
  });

  app.get<RecordParams & TimelineQuery>(
    "/api/records/:object/:id/360",
    {
      config: {
        access: "authenticated",
        summary:
          "A record's overview in one call: the record, KPIs, related lists and the timeline (what you may read)",
        tags,
      },
      schema: { params: recordParams, querystring: timelineQuery },
    },
    async (request) =>
      overview.overview(
        request.params.object,
        request.params.id,
        requireAccess(request),
        page(request.query),
      ),
  );

  app.get<RecordParams & TimelineQuery>(
    "/api/records/:object/:id/360/timeline",
    {
      config: { access: "authenticated", summary: "A further page of a record's timeline", tags },
      schema: { params: recordParams, querystring: timelineQuery },
    },
    async (request) =>
      overview.timeline(
        request.params.object,
        request.params.id,
        requireAccess(request),
        page(request.query),
      ),
  );

  app.get<{ Params: { object: string } }>(
    "/api/meta/objects/:object/overview",
    {
      config: { access: "authenticated", summary: "What an object's record overview shows", tags },
      schema: { params: objectParams },
    },
    async (request) => overview.definition(request.params.object),
  );

  app.put<{ Params: { object: string }; Body: OverviewDefinition }>(
    "/api/meta/objects/:object/overview",
    {
      config: {
        access: "manage_metadata",
        summary: "Define an object's record overview: KPIs, related lists, timeline sources",
        tags,
      },
      schema: { params: objectParams, body: definitionBody },
    },
    async (request) => overview.save(request.params.object, request.body, requireAccess(request).userId),
  );
}
