import type { JsonSchema, ObjectDefinition } from "@keduo/core";
import type { HttpMethod, OpenApiResponse, Operation, Parameter, PathItem } from "./openapi-document.ts";
import { jsonContent, schemaRef } from "./openapi-document.ts";
import { recordSchemaNames } from "./record-schemas.ts";

type Shape = "record" | "list" | "records" | "deleted" | "nothing";

interface RecordRoute {
  /** The generic route in the registry, e.g. `GET /api/records/:object`. */
  key: string;
  status: string;
  shape: Shape;
  ifMatch?: boolean;
  /** Repeated for each object as a concrete path (`/api/records/<object>` + suffix) with its schemas. */
  perObject?: { suffix: "" | "/{id}"; method: HttpMethod; verb: string; body?: "input" | "patch" };
}

// The records routes answer with whatever object was asked for, so their response shapes live here.
const RECORD_ROUTES: RecordRoute[] = [
  {
    key: "GET /api/records/:object",
    status: "200",
    shape: "list",
    perObject: { suffix: "", method: "get", verb: "list" },
  },
  { key: "POST /api/records/:object/query", status: "200", shape: "list" },
  {
    key: "POST /api/records/:object",
    status: "201",
    shape: "record",
    perObject: { suffix: "", method: "post", verb: "create", body: "input" },
  },
  {
    key: "GET /api/records/:object/:id",
    status: "200",
    shape: "record",
    perObject: { suffix: "/{id}", method: "get", verb: "get" },
  },
  {
    key: "PATCH /api/records/:object/:id",
    status: "200",
    shape: "record",
    ifMatch: true,
    perObject: { suffix: "/{id}", method: "patch", verb: "update", body: "patch" },
  },
  {
    key: "DELETE /api/records/:object/:id",
    status: "204",
    shape: "nothing",
    ifMatch: true,
    perObject: { suffix: "/{id}", method: "delete", verb: "delete" },
  },
  { key: "POST /api/records/:object/:id/restore", status: "200", shape: "record" },
  { key: "POST /api/records/:object/:id/claim", status: "200", shape: "record" },
  { key: "POST /api/records/:object/bulk", status: "201", shape: "records" },
  { key: "PATCH /api/records/:object/bulk", status: "200", shape: "records" },
  { key: "POST /api/records/:object/bulk-delete", status: "200", shape: "deleted" },
];

const IF_MATCH: Parameter = {
  name: "If-Match",
  in: "header",
  required: false,
  description: 'The version you last read, e.g. "3": the change is refused with 412 if the record moved on',
  schema: { type: "string" },
};

const GENERIC_NAMES = { record: "Record", list: "RecordList" };

const ETAG = { ETag: { description: 'The record\'s version, e.g. "3"', schema: { type: "string" } } };

function success(shape: Shape, names: { record: string; list: string }): OpenApiResponse {
  const record = schemaRef(names.record);
  const bodies: Record<Exclude<Shape, "nothing">, JsonSchema> = {
    record,
    list: schemaRef(names.list),
    records: {
      type: "object",
      required: ["records"],
      properties: { records: { type: "array", items: record } },
    },
    deleted: { type: "object", required: ["deleted"], properties: { deleted: { type: "integer" } } },
  };
  if (shape === "nothing") return { description: "Done; no content" };
  return {
    description: "Success",
    ...(shape === "record" ? { headers: ETAG } : {}),
    content: jsonContent(bodies[shape]),
  };
}

function recordResponses(
  operation: Operation,
  route: RecordRoute,
  names: { record: string; list: string },
): Operation["responses"] {
  const { default: problem } = operation.responses;
  return { [route.status]: success(route.shape, names), ...(problem ? { default: problem } : {}) };
}

function withIfMatch(operation: Operation, route: RecordRoute): Parameter[] {
  const declared = operation.parameters.some((p) => p.in === "header" && p.name.toLowerCase() === "if-match");
  return route.ifMatch && !declared ? [...operation.parameters, IF_MATCH] : operation.parameters;
}

/** The operations with the generic `/api/records/{object}…` ones given their response shapes. */
export function describeGenericRecordRoutes(operations: Map<string, Operation>): Map<string, Operation> {
  const described = new Map(operations);
  for (const route of RECORD_ROUTES) {
    const operation = operations.get(route.key);
    if (!operation) continue;
    // A success schema the route declares itself wins over the generic shape known here.
    const declared = Object.keys(operation.responses).some((status) => /^2\d\d$/.test(status));
    described.set(route.key, {
      ...operation,
      parameters: withIfMatch(operation, route),
      responses: declared ? operation.responses : recordResponses(operation, route, GENERIC_NAMES),
    });
  }
  return described;
}

/**
 * `/api/records/<object>` and `/api/records/<object>/{id}` for one object: the generic operations (same
 * query parameters and errors) with the object's own schemas, so generated clients get typed records.
 */
export function objectRecordPaths(
  object: ObjectDefinition,
  /** As built from the registry, before describeGenericRecordRoutes. */
  genericOperations: Map<string, Operation>,
  tag: string,
): Record<string, PathItem> {
  const names = recordSchemaNames(object.apiName);
  const paths: Record<string, PathItem> = {};
  for (const route of RECORD_ROUTES) {
    const generic = genericOperations.get(route.key);
    if (!generic || !route.perObject) continue;
    const { suffix, method, verb, body } = route.perObject;
    const operation: Operation = {
      ...generic,
      operationId: `${verb}_${object.apiName}`,
      summary: `${object.labels.en}: ${generic.summary}`,
      tags: [tag],
      parameters: withIfMatch(generic, route).filter((p) => !(p.in === "path" && p.name === "object")),
      responses: recordResponses(generic, route, names),
    };
    if (body) {
      operation.requestBody = {
        required: true,
        content: jsonContent(schemaRef(body === "input" ? names.input : names.patch)),
      };
    }
    const path = `/api/records/${object.apiName}${suffix}`;
    paths[path] = { ...paths[path], [method]: operation };
  }
  return paths;
}
