// Placeholder while the OpenAPI builder is being written.
import type { FastifyInstance } from "fastify";
import type { MetadataService } from "../modules/metadata/index.ts";
import type { RouteRegistry } from "./route-registry.ts";

export async function registerOpenApiRoutes(
  _app: FastifyInstance,
  _deps: { routes: RouteRegistry; metadata: MetadataService },
) {}
