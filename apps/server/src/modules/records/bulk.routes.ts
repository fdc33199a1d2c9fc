import type { FastifyInstance, FastifyReply } from "fastify";
import type { Row } from "./record-codec.ts";
import { MAX_BULK } from "./record-writes.ts";
import type { RecordsService } from "./records.service.ts";
import { actor, objectParams, type Params, tags, uuid } from "./route-schemas.ts";

const recordList = { type: "array", maxItems: MAX_BULK, items: { type: "object" } } as const;

/** A body of existing records named by id (and version): with their changed fields, or nothing else. */
const existingRecords = (options: { otherFields: boolean }) =>
  ({
    type: "object",
    required: ["records"],
    properties: {
      records: {
        ...recordList,
        items: {
          type: "object",
          required: ["id"],
          ...(options.otherFields ? {} : { additionalProperties: false }),
          properties: { id: uuid, version: { type: "integer" } },
        },
      },
    },
  }) as const;

/**
 * A bulk answer's bytes, made by the write while PostgreSQL finishes it (`Presenter` in record-writes.ts):
 * 1,000 records are ~350 kB of JSON, 3–4 ms of serializing that would otherwise follow the commit.
 */
const recordsJson = (records: Row[]) => Buffer.from(JSON.stringify({ records }));

function sendJson(reply: FastifyReply, status: number, bytes: Buffer) {
  reply.status(status).type("application/json; charset=utf-8");
  return bytes;
}

/** Creates, updates and deletes up to MAX_BULK records in one call, all or nothing. */
export async function registerBulkRecordRoutes(app: FastifyInstance, deps: { records: RecordsService }) {
  const { writes } = deps.records;

  app.post<{ Params: Params; Body: { records: unknown[] } }>(
    "/api/records/:object/bulk",
    {
      config: { access: "authenticated", summary: `Create up to ${MAX_BULK} records, all or nothing`, tags },
      schema: {
        params: objectParams,
        body: { type: "object", required: ["records"], properties: { records: recordList } },
      },
    },
    async (request, reply) => {
      const answer = await writes.create(request.params.object, request.body.records, actor(request), {
        bulk: true,
        present: recordsJson,
      });
      return sendJson(reply, 201, answer);
    },
  );

  app.patch<{ Params: Params; Body: { records: Array<Record<string, unknown>> } }>(
    "/api/records/:object/bulk",
    {
      config: {
        access: "authenticated",
        summary: `Update up to ${MAX_BULK} records ({id, version?, …fields}), all or nothing`,
        tags,
      },
      schema: {
        params: objectParams,
        body: existingRecords({ otherFields: true }),
      },
    },
    async (request, reply) => {
      const inputs = request.body.records.map(({ id, version, ...values }) => ({
        id: String(id),
        values,
        ...(typeof version === "number" ? { version } : {}),
      }));
      const answer = await writes.update(request.params.object, inputs, actor(request), {
        bulk: true,
        present: recordsJson,
      });
      return sendJson(reply, 200, answer);
    },
  );

  app.post<{ Params: Params; Body: { records: Array<{ id: string; version?: number }> } }>(
    "/api/records/:object/bulk-delete",
    {
      config: {
        access: "authenticated",
        summary: `Delete up to ${MAX_BULK} records ({id, version?}), all or nothing`,
        tags,
      },
      schema: {
        params: objectParams,
        body: existingRecords({ otherFields: false }),
      },
    },
    async (request) => {
      await writes.remove(request.params.object, request.body.records, actor(request));
      return { deleted: request.body.records.length };
    },
  );
}
