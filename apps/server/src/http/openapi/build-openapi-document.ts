import { readFileSync } from "node:fs";
import type { MetadataSnapshot } from "@keduo/core";
import type { RegisteredRoute } from "../route-registry.ts";
import { commonResponses, commonSchemas, SECURITY_SCHEMES } from "./common-components.ts";
import type { OpenApiDocument, Operation, PathItem } from "./openapi-document.ts";
import { describeGenericRecordRoutes, objectRecordPaths } from "./record-paths.ts";
import { recordSchemas } from "./record-schemas.ts";
import { httpMethod, routeKey, routeOperation, toOpenApiPath } from "./route-operations.ts";

const SERVER_VERSION = String(
  (
    JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    }
  ).version ?? "0.0.0",
);

const DESCRIPTION = [
  "Keduo (客多) CRM API. Objects and fields are defined at runtime, so this document is generated from",
  "the current metadata: each object has Record_<object> schemas and concrete /api/records/<object> paths.",
  "Errors are application/problem+json; messages follow Accept-Language (zh-CN or en).",
].join(" ");

function addOperation(paths: Record<string, PathItem>, path: string, method: string, operation: Operation) {
  paths[path] = { ...paths[path], [httpMethod(method)]: operation };
}

/** The OpenAPI 3.1 document for the registered routes and the objects of one metadata snapshot. */
export function buildOpenApiDocument(
  routes: readonly RegisteredRoute[],
  snapshot: MetadataSnapshot,
): OpenApiDocument {
  const base = new Map(routes.map((route) => [routeKey(route), routeOperation(route)]));
  const operations = describeGenericRecordRoutes(base);
  const paths: Record<string, PathItem> = {};
  for (const route of routes) {
    const operation = operations.get(routeKey(route));
    if (operation) addOperation(paths, toOpenApiPath(route.url), route.method, operation);
  }

  const schemas = commonSchemas();
  const objectTags: OpenApiDocument["tags"] = [];
  const objects = [...snapshot.objects.values()].sort((a, b) => a.apiName.localeCompare(b.apiName));
  for (const object of objects) {
    Object.assign(schemas, recordSchemas(object));
    const tag = `records/${object.apiName}`;
    objectTags.push({ name: tag, description: `${object.labels.en} (${object.labels["zh-CN"]})` });
    for (const [path, item] of Object.entries(objectRecordPaths(object, base, tag))) {
      paths[path] = { ...paths[path], ...item };
    }
  }

  const routeTags = [...new Set(routes.flatMap((route) => route.tags))].sort();
  return {
    openapi: "3.1.0",
    info: { title: "Keduo API", version: SERVER_VERSION, description: DESCRIPTION },
    tags: [...routeTags.map((name) => ({ name })), ...objectTags],
    paths,
    components: { schemas, responses: commonResponses(), securitySchemes: SECURITY_SCHEMES },
  };
}
