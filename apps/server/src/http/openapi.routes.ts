import type { FastifyInstance } from "fastify";
import type { MetadataService } from "../modules/metadata/index.ts";
import { createOpenApiCache } from "./openapi/openapi-cache.ts";
import type { RouteRegistry } from "./route-registry.ts";

export async function registerOpenApiRoutes(
  app: FastifyInstance,
  deps: { routes: RouteRegistry; metadata: MetadataService },
) {
  const cache = createOpenApiCache(deps);
  app.get(
    "/api/openapi.json",
    {
      // Public for API clients and codegen; it reveals object and field names (TODO(access): per role).
      config: { access: "public", summary: "This API as an OpenAPI 3.1 document", tags: ["system"] },
    },
    async (_request, reply) => {
      const { json } = await cache.current();
      // Already serialized: Fastify sends a string with a JSON content type as it is.
      return reply.type("application/json; charset=utf-8").send(json);
    },
  );
}
