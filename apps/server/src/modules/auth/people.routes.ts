import { isUuid, KeduoError } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import type { Db } from "../../db/database.ts";
import { requireAccess } from "../access/index.ts";
import { findPeople, PEOPLE_LIMITS } from "./people.ts";

const personSchema = {
  type: "object",
  required: ["id", "name", "active", "department"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    active: { type: "boolean" },
    department: {
      type: ["object", "null"],
      properties: { id: { type: "string" }, name: { type: "string" } },
    },
    email: { type: "string" },
    roles: { type: "array", items: { type: "string" } },
  },
} as const;

/** The people directory every signed-in user may search: names for pickers, ids made names on every page. */
export async function registerPeopleRoutes(app: FastifyInstance, deps: { db: Db }) {
  app.get<{ Querystring: { q?: string; ids?: string; department?: string; limit?: number } }>(
    "/api/people",
    {
      config: {
        access: "authenticated",
        summary:
          "Find colleagues by name, pinyin or initials, or by ids (emails and roles for user managers)",
        tags: ["users"],
      },
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            q: { type: "string", maxLength: PEOPLE_LIMITS.maxQuery },
            ids: { type: "string", maxLength: PEOPLE_LIMITS.maxIds * 37 },
            department: { type: "string", format: "uuid" },
            limit: { type: "integer", minimum: 1, maximum: PEOPLE_LIMITS.maxLimit, default: 20 },
          },
        },
        response: {
          200: { type: "object", properties: { people: { type: "array", items: personSchema } } },
        },
      },
    },
    async (request) => {
      const access = requireAccess(request);
      const ids = request.query.ids
        ?.split(",")
        .map((id) => id.trim())
        .filter(Boolean);
      if (ids && (ids.length > PEOPLE_LIMITS.maxIds || !ids.every(isUuid)))
        throw new KeduoError("VALIDATION_FAILED", {
          issues: [{ field: "ids", code: "invalid_format", params: { format: "uuid,uuid,…" } }],
        });
      const limit = ids ? Math.max(ids.length, 1) : (request.query.limit ?? 20);
      const people = await findPeople(
        deps.db,
        {
          ...(request.query.q ? { q: request.query.q } : {}),
          ...(ids ? { ids } : {}),
          ...(request.query.department ? { departmentId: request.query.department } : {}),
          limit,
        },
        { withContact: access.permissions.system.manage_users === true },
      );
      return { people };
    },
  );
}
