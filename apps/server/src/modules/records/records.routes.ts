import type { FastifyInstance, FastifyReply } from "fastify";
import { requireAccess } from "../access/index.ts";
import { AUDIT_CURSOR_SCHEMA } from "../audit/index.ts";
import { filterFromText } from "../filter-sql/index.ts";
import { registerBulkRecordRoutes } from "./bulk.routes.ts";
import { ifMatchVersion } from "./if-match.ts";
import type { ListQuery } from "./record-reads.ts";
import { MAX_BULK } from "./record-writes.ts";
import type { RecordsService } from "./records.service.ts";
import {
  actor,
  objectParams,
  type Params,
  type RecordParams,
  recordParams,
  tags,
  uuid,
} from "./route-schemas.ts";

const pageQuery = {
  limit: { type: "integer", minimum: 1, maximum: 1000 },
  cursor: { type: "string", maxLength: 4096 },
  sort: { type: "string", maxLength: 500 },
  deleted: { type: "boolean" },
  count: {
    anyOf: [{ type: "boolean" }, { type: "string", enum: ["exact"] }],
    description:
      "Also answer `total`: with `true`, exact up to the server's limit (KEDUO_EXACT_COUNT_LIMIT, 10,000) and " +
      "above it an estimate (the database planner's, or a sample's for a reader limited to some records), " +
      "marked `total_estimated: true`; `exact` always counts (it reads every matching record)",
  },
} as const;

const csv = (value: string | undefined) =>
  value
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

function withEtag(reply: FastifyReply, record: Record<string, unknown>) {
  reply.header("etag", `"${String(record.version)}"`);
  return record;
}

export async function registerRecordRoutes(app: FastifyInstance, deps: { records: RecordsService }) {
  const { reads, writes } = deps.records;
  await registerBulkRecordRoutes(app, deps);

  app.get<{
    Params: Params;
    Querystring: { filter?: string; fields?: string; expand?: string } & Omit<
      ListQuery,
      "filter" | "fields" | "expand"
    >;
  }>(
    "/api/records/:object",
    {
      config: {
        access: "authenticated",
        summary: "List records with filter, sort, cursor, fields and expand",
        tags,
      },
      schema: {
        params: objectParams,
        querystring: {
          type: "object",
          properties: {
            ...pageQuery,
            filter: { type: "string", maxLength: 20_000 },
            fields: { type: "string" },
            expand: { type: "string" },
          },
        },
      },
    },
    async (request) => {
      const { filter, fields, expand, ...rest } = request.query;
      const parsedFilter = filter ? filterFromText(filter) : undefined;
      const query = { ...rest, filter: parsedFilter, fields: csv(fields), expand: csv(expand) };
      return reads.list(request.params.object, query, requireAccess(request));
    },
  );

  app.post<{ Params: Params; Body: ListQuery }>(
    "/api/records/:object/query",
    {
      config: {
        access: "authenticated",
        summary: "List records with the filter in the body",
        tags,
        freshMetadata: true,
      },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...pageQuery,
            filter: {},
            fields: { type: "array", items: { type: "string" } },
            expand: { type: "array", items: { type: "string" } },
          },
        },
      },
    },
    async (request) => reads.list(request.params.object, request.body, requireAccess(request)),
  );

  app.post<{ Params: Params; Body: Record<string, unknown> }>(
    "/api/records/:object",
    {
      config: { access: "authenticated", summary: "Create a record", tags },
      schema: { params: objectParams, body: { type: "object" } },
    },
    async (request, reply) => {
      const [record] = await writes.create(request.params.object, [request.body], actor(request), {
        bulk: false,
      });
      reply.status(201);
      return withEtag(reply, record!);
    },
  );

  app.get<{ Params: RecordParams; Querystring: { fields?: string; expand?: string } }>(
    "/api/records/:object/:id",
    {
      config: { access: "authenticated", summary: "Get a record", tags },
      schema: {
        params: recordParams,
        querystring: {
          type: "object",
          properties: { fields: { type: "string" }, expand: { type: "string" } },
        },
      },
    },
    async (request, reply) => {
      const { object, id } = request.params;
      return withEtag(
        reply,
        await reads.get(object, id, requireAccess(request), {
          fields: csv(request.query.fields),
          expand: csv(request.query.expand),
        }),
      );
    },
  );

  app.patch<{ Params: RecordParams; Body: Record<string, unknown> }>(
    "/api/records/:object/:id",
    {
      config: {
        access: "authenticated",
        summary: "Change a record; send If-Match with its version to avoid overwriting others' changes",
        tags,
      },
      schema: { params: recordParams, body: { type: "object" } },
    },
    async (request, reply) => {
      const { object, id } = request.params;
      const version = ifMatchVersion(request.headers["if-match"]);
      const input = { id, values: request.body, ...(version !== undefined ? { version } : {}) };
      const [record] = await writes.update(object, [input], actor(request), { bulk: false });
      return withEtag(reply, record!);
    },
  );

  app.delete<{ Params: RecordParams; Querystring: { permanent?: boolean } }>(
    "/api/records/:object/:id",
    {
      config: {
        access: "authenticated",
        summary: "Delete a record (recycle bin; ?permanent=true removes it, modify_all_data only)",
        tags,
      },
      schema: {
        params: recordParams,
        querystring: { type: "object", properties: { permanent: { type: "boolean" } } },
      },
    },
    async (request, reply) => {
      const version = ifMatchVersion(request.headers["if-match"]);
      const input = { id: request.params.id, ...(version !== undefined ? { version } : {}) };
      const { object } = request.params;
      // Who may remove for good is the access layer's question (write-rights-hook.ts), not the route's.
      if (request.query.permanent === true)
        await writes.removePermanently(object, [input], actor(request), { from: "list_or_recycle_bin" });
      else await writes.remove(object, [input], actor(request));
      return reply.status(204).send();
    },
  );

  app.post<{ Params: RecordParams }>(
    "/api/records/:object/:id/restore",
    {
      config: { access: "authenticated", summary: "Restore a deleted record", tags },
      schema: { params: recordParams },
    },
    async (request, reply) => {
      const { object, id } = request.params;
      return withEtag(reply, await writes.restore(object, id, actor(request)));
    },
  );

  app.get<{ Params: RecordParams }>(
    "/api/records/:object/:id/my-permissions",
    {
      config: {
        access: "authenticated",
        summary: "What the caller may do with this record (edit, delete, transfer): the writes' own checks",
        tags,
      },
      schema: { params: recordParams },
    },
    async (request) => reads.actions(request.params.object, request.params.id, requireAccess(request)),
  );

  app.post<{ Params: Params; Body: { ids: string[] } }>(
    "/api/records/:object/actions",
    {
      config: {
        access: "authenticated",
        summary: `What the caller may do with each of up to ${MAX_BULK} records, by id (unreadable ones left out)`,
        tags,
      },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          required: ["ids"],
          additionalProperties: false,
          properties: { ids: { type: "array", maxItems: MAX_BULK, items: uuid } },
        },
      },
    },
    async (request) => ({
      actions: await reads.actionsOfMany(request.params.object, request.body.ids, requireAccess(request)),
    }),
  );

  app.post<{ Params: Params; Body: { ids: string[]; owner_id: string | null } }>(
    "/api/records/:object/transfer",
    {
      config: {
        access: "authenticated",
        summary: `Give up to ${MAX_BULK} records a new owner (null: unowned, back to the pool), all or nothing`,
        tags,
      },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          required: ["ids", "owner_id"],
          additionalProperties: false,
          properties: {
            ids: { type: "array", minItems: 1, maxItems: MAX_BULK, items: uuid },
            owner_id: { ...uuid, type: ["string", "null"] },
          },
        },
      },
    },
    async (request) => {
      const { ids, owner_id } = request.body;
      return { records: await writes.transfer(request.params.object, ids, owner_id, actor(request)) };
    },
  );

  app.post<{ Params: RecordParams }>(
    "/api/records/:object/:id/claim",
    {
      config: {
        access: "authenticated",
        summary: "Take an unowned record as your own (the object's claim right); 409 when it has an owner",
        tags,
      },
      schema: { params: recordParams },
    },
    async (request, reply) => {
      const { object, id } = request.params;
      return withEtag(reply, await writes.claim(object, id, actor(request)));
    },
  );

  app.get<{ Params: RecordParams; Querystring: { limit?: number; cursor?: string } }>(
    "/api/records/:object/:id/history",
    {
      config: {
        access: "authenticated",
        summary: "Field history of a record, newest first (fields you may see)",
        tags,
      },
      schema: {
        params: recordParams,
        querystring: {
          type: "object",
          properties: {
            limit: { type: "integer", minimum: 1, maximum: 200 },
            cursor: AUDIT_CURSOR_SCHEMA,
          },
        },
      },
    },
    async (request) => {
      const { object, id } = request.params;
      const { limit = 50, cursor } = request.query;
      return reads.history(object, id, requireAccess(request), {
        limit,
        ...(cursor ? { before: Number(cursor) } : {}),
      });
    },
  );
}
