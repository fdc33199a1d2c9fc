import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../../db/database.ts";
import { requireAccess } from "../access/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import { ifMatchVersion } from "./if-match.ts";
import type { NestedInput, NestedResult } from "./nested-writes.ts";
import { NestedWrites } from "./nested-writes.ts";
import { type Actor, MAX_BULK } from "./record-writes.ts";
import type { RecordsService } from "./records.service.ts";
import { objectParams, recordParams, uuid } from "./route-schemas.ts";

const tags = ["records"];
const versionRef = { id: uuid, version: { type: "integer", minimum: 1 } } as const;

/** One child list: `rows` to add (no id) or change (`id`, `version`), `remove` to delete (recycle bin). */
const childList = {
  type: "object",
  additionalProperties: false,
  properties: {
    rows: {
      type: "array",
      maxItems: MAX_BULK,
      description:
        "Child records in form order. Without `id` a row is created; with `id` (and `version`) it is changed. " +
        "The child's relation field to the parent is set by the server. Problems point at `<list>.<index>.<field>`.",
      items: { type: "object", properties: versionRef },
    },
    remove: {
      type: "array",
      maxItems: MAX_BULK,
      description: "Children to delete (update only); problems point at `<list>.remove.<index>`.",
      items: { type: "object", required: ["id"], additionalProperties: false, properties: versionRef },
    },
  },
} as const;

const nestedBody = ({ recordRequired }: { recordRequired: boolean }) =>
  ({
    type: "object",
    additionalProperties: false,
    ...(recordRequired ? { required: ["record"] } : {}),
    properties: {
      record: { type: "object", description: "The parent's own fields, as in a normal create or change." },
      children: {
        type: "object",
        description:
          "Keyed by the parent's one-to-many list name: the inverse name of a child object's many-to-one " +
          "relation field to the parent (e.g. `line_items`).",
        maxProperties: 20,
        additionalProperties: childList,
      },
    },
  }) as const;

function reply_(reply: FastifyReply, result: NestedResult) {
  reply.header("etag", `"${String(result.record.version)}"`);
  return result;
}

/**
 * Nested writes: a parent record with its one-to-many children (sub-forms such as quote line items) in one
 * transaction, all or nothing.
 */
export async function registerNestedRoutes(
  app: FastifyInstance,
  deps: { records: RecordsService; database: Database; metadata: MetadataService },
) {
  const { records, database, metadata } = deps;
  const nested = new NestedWrites({ database, metadata, reads: records.reads, writes: records.writes });
  const actor = (request: FastifyRequest): Actor => ({
    access: requireAccess(request),
    origin: { ip: request.ip, via: request.principal?.via ?? "system" },
  });

  app.post<{ Params: { object: string }; Body: NestedInput }>(
    "/api/records/:object/nested",
    {
      config: {
        access: "authenticated",
        summary: "Create a record with its child rows (sub-forms) in one transaction, all or nothing",
        tags,
      },
      schema: { params: objectParams, body: nestedBody({ recordRequired: true }) },
    },
    async (request, reply) => {
      const result = await nested.create(request.params.object, request.body, actor(request));
      reply.status(201);
      return reply_(reply, result);
    },
  );

  app.patch<{ Params: { object: string; id: string }; Body: Partial<NestedInput> }>(
    "/api/records/:object/:id/nested",
    {
      config: {
        access: "authenticated",
        summary:
          "Change a record and add, change and remove its child rows in one transaction; If-Match with the " +
          "parent's version",
        tags,
      },
      schema: { params: recordParams, body: nestedBody({ recordRequired: false }) },
    },
    async (request, reply) => {
      const { object, id } = request.params;
      const version = ifMatchVersion(request.headers["if-match"]);
      const input = { record: request.body.record ?? {}, children: request.body.children ?? {} };
      return reply_(reply, await nested.update(object, id, version, input, actor(request)));
    },
  );
}
