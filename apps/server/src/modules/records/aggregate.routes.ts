import { AGGREGATE_FUNCTIONS, AGGREGATE_LIMITS, type AggregateQuery, DATE_BUCKETS } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { RecordsService } from "./records.service.ts";
import { objectParams } from "./route-schemas.ts";

const aggregateBody = {
  type: "object",
  additionalProperties: false,
  required: ["aggregates"],
  properties: {
    filter: {},
    group_by: {
      type: "array",
      maxItems: AGGREGATE_LIMITS.groupBy,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["field"],
        properties: {
          field: { type: "string", maxLength: 63 },
          bucket: { type: "string", enum: DATE_BUCKETS },
        },
      },
    },
    aggregates: {
      type: "array",
      maxItems: AGGREGATE_LIMITS.aggregates,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["fn"],
        properties: {
          fn: { type: "string", enum: AGGREGATE_FUNCTIONS },
          field: { type: "string", maxLength: 63 },
          as: { type: "string", maxLength: 63 },
        },
      },
    },
    sort: { type: "string", maxLength: 500 },
    limit: { type: "integer", minimum: 1, maximum: AGGREGATE_LIMITS.maxGroups },
  },
} as const;

/** Aggregate reads (ADR 0025): sums, counts and groups over the records the caller may read. */
export async function registerAggregateRoutes(app: FastifyInstance, deps: { records: RecordsService }) {
  const tags = ["records"];
  app.post<{ Params: { object: string }; Body: AggregateQuery }>(
    "/api/records/:object/aggregate",
    {
      config: {
        access: "authenticated",
        summary: "Counts, sums, averages, minima and maxima per group, over the records the caller may read",
        tags,
        freshMetadata: true,
      },
      schema: { params: objectParams, body: aggregateBody },
    },
    async (request) =>
      deps.records.aggregates.aggregate(request.params.object, request.body, requireAccess(request)),
  );
}
