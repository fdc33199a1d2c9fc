import type { JsonSchema } from "@keduo/core";
import type { RegisteredRoute } from "../route-registry.ts";
import { PRIVATE_SECURITY, PROBLEM_RESPONSE } from "./common-components.ts";
import {
  type HttpMethod,
  jsonContent,
  type OpenApiResponse,
  type Operation,
  type Parameter,
} from "./openapi-document.ts";

const PATH_PARAM = /:([A-Za-z0-9_]+)(?:\([^)]*\))?/g;
// OpenAPI describes these headers elsewhere (content negotiation and security) and ignores them as parameters.
const RESERVED_HEADERS = new Set(["accept", "content-type", "authorization"]);

/** `/api/records/:object/:id` → `/api/records/{object}/{id}` */
export function toOpenApiPath(url: string): string {
  return url.replace(PATH_PARAM, "{$1}");
}

export function routeKey(route: { method: string; url: string }): string {
  return `${route.method.toUpperCase()} ${route.url}`;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `GET /api/records/:object/:id` → `get_records_by_object_by_id`: unique because method and url are. */
function operationId(route: RegisteredRoute): string {
  const words = route.url
    .split("/")
    .filter((segment) => segment && segment !== "api")
    .map((segment) => segment.replace(PATH_PARAM, "by_$1").replace(/[^A-Za-z0-9_]/g, "_"));
  return [route.method.toLowerCase(), ...words].join("_");
}

function parametersOf(schema: unknown, location: "path" | "query" | "header"): Parameter[] {
  if (!isSchema(schema) || !isSchema(schema.properties)) return [];
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(schema.properties)
    .filter(([name]) => location !== "header" || !RESERVED_HEADERS.has(name.toLowerCase()))
    .map(([name, property]) => {
      const { description, ...rest } = isSchema(property) ? property : {};
      return {
        name,
        in: location,
        required: location === "path" || required.includes(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
      };
    });
}

/** Every `:param` of the url is a path parameter, with the route's schema for it when it has one. */
function pathParameters(route: RegisteredRoute): Parameter[] {
  const declared = parametersOf(route.schema?.params, "path");
  return [...route.url.matchAll(PATH_PARAM)].map(
    ([, name = ""]) =>
      declared.find((p) => p.name === name) ?? {
        name,
        in: "path",
        required: true,
        schema: { type: "string" },
      },
  );
}

function responsesOf(route: RegisteredRoute): Operation["responses"] {
  const responses: Operation["responses"] = {};
  const declared = route.schema?.response;
  if (isSchema(declared)) {
    for (const [status, schema] of Object.entries(declared)) {
      if (!isSchema(schema)) continue;
      const key = status.toUpperCase();
      // Fastify accepts both a bare schema and an OpenAPI-like { description, content } per status.
      const response: OpenApiResponse = isSchema(schema.content)
        ? {
            description: String(schema.description ?? "Success"),
            content: schema.content as OpenApiResponse["content"],
          }
        : { description: "Success", content: jsonContent(schema) };
      responses[key === "DEFAULT" ? "2XX" : key] = response;
    }
  }
  if (!Object.keys(responses).some((status) => status.startsWith("2"))) {
    responses["2XX"] = { description: "Success" };
  }
  responses.default = { $ref: `#/components/responses/${PROBLEM_RESPONSE}` };
  return responses;
}

/** One registered route as an OpenAPI operation, from its config (access, summary, tags) and JSON schemas. */
export function routeOperation(route: RegisteredRoute): Operation {
  const schema = route.schema;
  const operation: Operation = {
    operationId: operationId(route),
    summary: route.summary,
    tags: route.tags,
    security: route.access === "public" ? [] : PRIVATE_SECURITY,
    parameters: [
      ...pathParameters(route),
      ...parametersOf(schema?.querystring, "query"),
      ...parametersOf(schema?.headers, "header"),
    ],
    responses: responsesOf(route),
    "x-keduo-access": route.access,
  };
  if (route.access !== "public" && route.access !== "authenticated") {
    operation.description = `Requires the ${route.access} permission (the admin role holds it).`;
  }
  if (isSchema(schema?.body)) {
    operation.requestBody = { required: true, content: jsonContent(schema.body) };
  }
  return operation;
}

export function httpMethod(method: string): HttpMethod {
  return method.toLowerCase() as HttpMethod;
}
