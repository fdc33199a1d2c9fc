import type { FastifyInstance } from "fastify";
import type { DivisionLookup } from "./division-lookup.ts";

export async function registerDivisionRoutes(app: FastifyInstance, deps: { divisions: DivisionLookup }) {
  app.get(
    "/api/meta/divisions",
    {
      config: {
        access: "authenticated",
        summary: "Administrative divisions for address fields",
        tags: ["metadata"],
      },
    },
    async (_, reply) => {
      reply.header("cache-control", "private, max-age=86400");
      return { divisions: deps.divisions.tree };
    },
  );
}
