import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { Database } from "../db/database.ts";

export async function registerHealthRoutes(app: FastifyInstance, deps: { database: Database }) {
  app.get(
    "/api/health",
    { config: { access: "public", summary: "Liveness and database check", tags: ["system"] } },
    async (_, reply) => {
      try {
        await sql`SELECT 1`.execute(deps.database.db);
        return { status: "ok", database: deps.database.engine };
      } catch {
        return reply.status(503).send({ status: "unavailable", database: deps.database.engine });
      }
    },
  );
}
