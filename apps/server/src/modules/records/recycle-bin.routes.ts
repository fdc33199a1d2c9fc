import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { ReadDeps } from "./read-scope.ts";
import { listRecycleBin, RECYCLE_BIN_PAGE } from "./recycle-bin.ts";

type Querystring = {
  object?: string;
  deleted_by?: string;
  deleted_from?: string;
  deleted_before?: string;
  limit?: number;
  cursor?: string;
};

const entry = {
  type: "object",
  properties: {
    object: { type: "string" },
    id: { type: "string", format: "uuid" },
    title: { type: ["string", "null"] },
    deleted_at: { type: "string", format: "date-time" },
    deleted_by: { type: ["string", "null"], format: "uuid" },
    owner_id: { type: ["string", "null"], format: "uuid" },
  },
} as const;

/**
 * The recycle bin across objects. Restoring and removing for good stay the per-record routes
 * (`POST /api/records/{object}/{id}/restore`, `DELETE …?permanent=true`): the same service paths and checks.
 */
export async function registerRecycleBinRoutes(app: FastifyInstance, deps: ReadDeps) {
  app.get<{ Querystring: Querystring }>(
    "/api/recycle-bin",
    {
      config: {
        access: "authenticated",
        summary: "Deleted records of every object the caller could restore, newest first",
        tags: ["records"],
      },
      schema: {
        querystring: {
          type: "object",
          properties: {
            object: { type: "string", maxLength: 2000, description: "API names, comma-separated" },
            deleted_by: { type: "string", format: "uuid" },
            deleted_from: { type: "string", format: "date-time" },
            deleted_before: { type: "string", format: "date-time" },
            limit: { type: "integer", minimum: 1, maximum: RECYCLE_BIN_PAGE.max },
            cursor: { type: "string", maxLength: 500 },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              records: { type: "array", items: entry },
              next_cursor: { type: ["string", "null"] },
              may_purge: { type: "boolean" },
            },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const objects = q.object
        ?.split(",")
        .map((name) => name.trim())
        .filter(Boolean);
      return listRecycleBin(
        deps,
        {
          ...(objects?.length ? { objects } : {}),
          ...(q.deleted_by ? { deletedBy: q.deleted_by } : {}),
          ...(q.deleted_from ? { deletedFrom: q.deleted_from } : {}),
          ...(q.deleted_before ? { deletedBefore: q.deleted_before } : {}),
          ...(q.limit ? { limit: q.limit } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
        },
        requireAccess(request),
      );
    },
  );
}
