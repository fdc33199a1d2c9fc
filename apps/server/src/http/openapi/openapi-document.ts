import type { JsonSchema } from "@keduo/core";
import type { RouteAccess } from "../../modules/access/index.ts";

/** The parts of OpenAPI 3.1 that Keduo emits; schemas are plain JSON Schema 2020-12. */
export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, OpenApiResponse>;
    securitySchemes: Record<string, JsonSchema>;
  };
}

export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
export type PathItem = Partial<Record<HttpMethod, Operation>>;

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

// A type alias (not an interface) so that a reference is also a valid JsonSchema.
export type Reference = { $ref: string };

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { description?: string; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema }>;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Array<Record<string, string[]>>;
  parameters: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, OpenApiResponse | Reference>;
  "x-keduo-access": RouteAccess;
}

export const schemaRef = (name: string): Reference => ({ $ref: `#/components/schemas/${name}` });

export const jsonContent = (schema: JsonSchema) => ({ "application/json": { schema } });
