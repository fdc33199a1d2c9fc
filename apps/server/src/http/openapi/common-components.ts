import type { JsonSchema } from "@keduo/core";
import { SESSION_COOKIE } from "../../modules/auth/index.ts";
import { type OpenApiResponse, schemaRef } from "./openapi-document.ts";

export const PROBLEM_RESPONSE = "Problem";

const problemSchema: JsonSchema = {
  type: "object",
  description: "RFC 9457 problem details; title, detail and messages follow Accept-Language (zh-CN or en).",
  required: ["type", "title", "status", "detail", "code"],
  properties: {
    type: { type: "string", format: "uri" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string", description: "Stable machine code, listed in docs/errors.md" },
    instance: { type: "string" },
    errors: {
      type: "array",
      description: "One entry per invalid input field (validation errors only)",
      items: {
        type: "object",
        required: ["field", "code", "message"],
        properties: {
          field: { type: "string", description: "Dotted path, e.g. `records.3.email`" },
          code: { type: "string", description: "Field issue code, e.g. `required`" },
          message: { type: "string" },
        },
      },
    },
  },
};

const uuid = { type: "string", format: "uuid" } as const;
const timestamp = { type: "string", format: "date-time", readOnly: true } as const;
const userRef = { type: ["string", "null"], format: "uuid", readOnly: true } as const;

/** Set by the server on every record; the order is the order of the API output. */
export const SYSTEM_PROPERTIES: Record<string, JsonSchema> = {
  id: { ...uuid, readOnly: true },
  version: {
    type: "integer",
    readOnly: true,
    description: "Incremented on every change; send it as If-Match to avoid overwriting others' changes",
  },
  created_at: timestamp,
  updated_at: timestamp,
  created_by: userRef,
  updated_by: userRef,
  owner_id: userRef,
};

const deletedAt: JsonSchema = {
  ...timestamp,
  description: "Present only on records in the recycle bin (`deleted=true`)",
};

/** The record properties every object shares; per-object schemas add the fields. */
export function systemProperties(): Record<string, JsonSchema> {
  return { ...SYSTEM_PROPERTIES, deleted_at: deletedAt };
}

export function listSchema(record: JsonSchema): JsonSchema {
  return {
    type: "object",
    required: ["records", "next_cursor"],
    properties: {
      records: { type: "array", items: record },
      next_cursor: {
        type: ["string", "null"],
        description: "Pass as `cursor` to get the next page; null on the last page",
      },
      total: {
        type: "integer",
        description:
          "Only with `count`: how many records match. Exact up to the server's limit (10,000 by default); " +
          "above it, with `count=true`, an estimate (`total_estimated`)",
      },
      total_estimated: {
        type: "boolean",
        description: "With `total`: true when it is an estimate, false when it is an exact count",
      },
    },
  };
}

export function commonSchemas(): Record<string, JsonSchema> {
  const record: JsonSchema = {
    type: "object",
    description: "A record of any object; see Record_<object> for each object's fields",
    required: Object.keys(SYSTEM_PROPERTIES),
    properties: systemProperties(),
    additionalProperties: true,
  };
  return { Problem: problemSchema, Record: record, RecordList: listSchema(schemaRef("Record")) };
}

export function commonResponses(): Record<string, OpenApiResponse> {
  return {
    [PROBLEM_RESPONSE]: {
      description: "An error, as problem+json",
      content: { "application/problem+json": { schema: schemaRef("Problem") } },
    },
  };
}

export const SECURITY_SCHEMES: Record<string, JsonSchema> = {
  sessionCookie: {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description: "Browser session from POST /api/auth/login; writes must also send the X-CSRF-Token header",
  },
  bearerToken: {
    type: "http",
    scheme: "bearer",
    description: "API token created with POST /api/auth/tokens",
  },
};

/** Either credential is enough; public routes have no requirement at all. */
export const PRIVATE_SECURITY: Array<Record<string, string[]>> = [{ sessionCookie: [] }, { bearerToken: [] }];
