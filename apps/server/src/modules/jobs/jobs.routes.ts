import type { FastifyInstance } from "fastify";
import type { JobQueue } from "./job-queue.ts";

/** Jobs that failed all their retries: what ran, with what data, and the last error. */
export async function registerJobRoutes(app: FastifyInstance, deps: { jobs: JobQueue }) {
  app.get<{ Querystring: { limit?: number } }>(
    "/api/admin/jobs/dead-letters",
    {
      config: {
        access: "manage_metadata",
        summary: "Jobs that failed every retry (the dead-letter list), oldest first",
        tags: ["jobs"],
      },
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { limit: { type: "integer", minimum: 1, maximum: 1000 } },
        },
      },
    },
    async (request) => ({ jobs: await deps.jobs.deadLetters(request.query.limit ?? 100) }),
  );
}
