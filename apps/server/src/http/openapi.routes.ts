import type { FieldAccess, FieldDefinition, MetadataSnapshot, ObjectDefinition } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import type { AccessContext } from "../modules/access/index.ts";
import type { MetadataService } from "../modules/metadata/index.ts";
import { createOpenApiCache, type OpenApiView } from "./openapi/openapi-cache.ts";
import type { RouteRegistry } from "./route-registry.ts";

/** The caller's access to a field, as the records layer decides it (a formula reading a hidden field is hidden). */
export type OpenApiFieldAccess = (
  access: AccessContext,
  object: ObjectDefinition,
  field: FieldDefinition,
) => FieldAccess;

/**
 * What one caller may see: objects they may read, without fields hidden from them, and fields they may only
 * read marked read-only (so the input schemas leave them out, as the server refuses them). Anonymous callers
 * get the routes only — no object names or fields.
 */
function viewFor(
  access: AccessContext | null,
  snapshot: MetadataSnapshot,
  fieldAccess: OpenApiFieldAccess,
): OpenApiView {
  if (!access) return { key: "anonymous", snapshot: { version: snapshot.version, objects: new Map() } };
  const objects = new Map<string, ObjectDefinition>();
  for (const object of snapshot.objects.values()) {
    if (access.kind !== "system" && !access.permissions.object(object.apiName).read) continue;
    const fields: FieldDefinition[] = [];
    for (const field of object.fields) {
      const level = fieldAccess(access, object, field);
      if (level === "hidden") continue;
      fields.push(level === "read_only" && !field.readOnly ? { ...field, readOnly: true } : field);
    }
    objects.set(object.apiName, { ...object, fields });
  }
  return {
    key: access.kind === "system" ? "system" : `roles:${[...access.roleIds].sort().join(",")}`,
    snapshot: { version: snapshot.version, objects },
  };
}

export async function registerOpenApiRoutes(
  app: FastifyInstance,
  deps: { routes: RouteRegistry; metadata: MetadataService; fieldAccess: OpenApiFieldAccess },
) {
  const cache = createOpenApiCache(deps);
  app.get(
    "/api/openapi.json",
    {
      // Public for API clients and codegen; signed-in callers also get the record schemas of the objects and
      // fields their roles may see (a hidden field is absent for them here too).
      config: {
        access: "public",
        summary: "This API as an OpenAPI 3.1 document (per role when signed in)",
        tags: ["system"],
      },
    },
    async (request, reply) => {
      const snapshot = request.access?.snapshot ?? (await deps.metadata.current());
      const { json } = cache.current(viewFor(request.access, snapshot, deps.fieldAccess));
      // Already serialized: Fastify sends a string with a JSON content type as it is.
      return reply.type("application/json; charset=utf-8").send(json);
    },
  );
}
