import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { IndexAdvisor } from "./advisor.service.ts";
import type { AdvisorSettings } from "./advisor-rows.ts";
import type { IndexActor } from "./index-builder.ts";

const tags = ["index advisor"];
const idParams = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", format: "uuid" } },
} as const;

type IdParams = { Params: { id: string } };

/**
 * The index advisor for admins (ADR 0034): what it saw and proposes, its indexes with size and use, and
 * building, dropping or dismissing one. Indexes are part of the schema, so this needs `manage_metadata`.
 */
export async function registerAdvisorRoutes(app: FastifyInstance, deps: { advisor: IndexAdvisor }) {
  const { advisor } = deps;
  const admin = (request: Parameters<typeof requireAccess>[0]): IndexActor => ({
    kind: "admin",
    userId: requireAccess(request).userId ?? "",
  });

  app.get(
    "/api/admin/index-advisor",
    {
      config: {
        access: "manage_metadata",
        summary:
          "The advisor's settings, proposed and built indexes (size, use), and the busiest read shapes",
        tags,
      },
    },
    async () => advisor.overview(),
  );

  app.post(
    "/api/admin/index-advisor/run",
    {
      config: {
        access: "manage_metadata",
        summary: "Look at the read statistics now rather than at the next round",
        tags,
      },
    },
    async () => {
      await advisor.runOnce();
      return advisor.overview();
    },
  );

  app.put<{ Body: Partial<AdvisorSettings> }>(
    "/api/admin/index-advisor/settings",
    {
      config: {
        access: "manage_metadata",
        summary: "Whether the advisor builds indexes by itself, and its caps",
        tags,
      },
      schema: {
        body: {
          type: "object",
          additionalProperties: false,
          minProperties: 1,
          properties: {
            auto_build: { type: "boolean" },
            max_indexes_per_object: { type: "integer", minimum: 0, maximum: 20 },
            max_size_ratio: { type: "number", minimum: 0, maximum: 10 },
          },
        },
      },
    },
    async (request) => ({ settings: await advisor.updateSettings(request.body) }),
  );

  app.post<IdParams>(
    "/api/admin/index-advisor/indexes/:id/build",
    {
      config: {
        access: "manage_metadata",
        summary: "Build a proposed index now (concurrently on PostgreSQL)",
        tags,
      },
      schema: { params: idParams },
    },
    async (request) => ({ index: await advisor.build(request.params.id, admin(request)) }),
  );

  app.post<IdParams>(
    "/api/admin/index-advisor/indexes/:id/drop",
    {
      config: { access: "manage_metadata", summary: "Drop an index the advisor built", tags },
      schema: { params: idParams },
    },
    async (request, reply) => {
      await advisor.drop(request.params.id, admin(request));
      return reply.code(204).send();
    },
  );

  app.post<IdParams>(
    "/api/admin/index-advisor/indexes/:id/dismiss",
    {
      config: { access: "manage_metadata", summary: "Turn down a proposal: it is not proposed again", tags },
      schema: { params: idParams },
    },
    async (request, reply) => {
      await advisor.dismiss(request.params.id);
      return reply.code(204).send();
    },
  );
}
