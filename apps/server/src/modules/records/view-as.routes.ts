import type { FastifyInstance } from "fastify";
import type { Database } from "../../db/database.ts";
import { type AccessService, requireAccess } from "../access/index.ts";
import type { RecordReads } from "./record-reads.ts";
import { objectParams } from "./route-schemas.ts";
import { viewAs } from "./view-as.ts";

/** "View as this user": an admin checks what a user may do with an object (records/view-as.ts). */
export async function registerViewAsRoutes(
  app: FastifyInstance,
  deps: { database: Database; access: AccessService; reads: RecordReads },
) {
  app.get<{ Params: { object: string }; Querystring: { user: string } }>(
    "/api/records/:object/view-as",
    {
      config: {
        access: "manage_users",
        summary: "What a user may do with this object's records and fields, and how many they may read",
        tags: ["access"],
      },
      schema: {
        params: objectParams,
        querystring: {
          type: "object",
          required: ["user"],
          additionalProperties: false,
          properties: { user: { type: "string", format: "uuid" } },
        },
      },
    },
    async (request) => viewAs(deps, requireAccess(request), request.query.user, request.params.object),
  );
}
