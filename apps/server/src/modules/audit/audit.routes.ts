import type { Clock } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import type { Database } from "../../db/database.ts";
import { requireAccess } from "../access/index.ts";
import { AUDIT_CURSOR_SCHEMA, queryAudit, redactRecordHistory } from "./audit-log.ts";

const tags = ["audit"];

export async function registerAuditRoutes(app: FastifyInstance, deps: { database: Database; clock: Clock }) {
  app.get<{
    Querystring: {
      actor_id?: string;
      action?: string;
      object?: string;
      record_id?: string;
      from?: string;
      to?: string;
      cursor?: string;
      limit?: number;
    };
  }>(
    "/api/audit-log",
    {
      config: {
        access: "view_audit_log",
        summary: "The audit log, newest first, with filters and a cursor",
        tags,
      },
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            actor_id: { type: "string", format: "uuid" },
            action: { type: "string", maxLength: 100 },
            object: { type: "string", maxLength: 64 },
            record_id: { type: "string", format: "uuid" },
            from: { type: "string", format: "date-time" },
            to: { type: "string", format: "date-time" },
            cursor: AUDIT_CURSOR_SCHEMA,
            limit: { type: "integer", minimum: 1, maximum: 1000 },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      return queryAudit(deps.database.db, {
        limit: q.limit ?? 100,
        ...(q.actor_id ? { actorId: q.actor_id } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.object ? { object: q.object } : {}),
        ...(q.record_id ? { recordId: q.record_id } : {}),
        ...(q.from ? { from: new Date(q.from) } : {}),
        ...(q.to ? { to: new Date(q.to) } : {}),
        ...(q.cursor ? { before: Number(q.cursor) } : {}),
      });
    },
  );

  app.post<{ Body: { object: string; record_id: string; reason: string } }>(
    "/api/audit-log/redact",
    {
      config: {
        // Redacting needs the audit log in view as well as the right to administer users.
        access: ["manage_users", "view_audit_log"],
        summary: "PIPL erasure: redact a record's values in the audit log (itself audited)",
        tags,
      },
      schema: {
        body: {
          type: "object",
          additionalProperties: false,
          required: ["object", "record_id", "reason"],
          properties: {
            object: { type: "string", maxLength: 64 },
            record_id: { type: "string", format: "uuid" },
            reason: { type: "string", minLength: 3, maxLength: 500 },
          },
        },
      },
    },
    async (request) => {
      const access = requireAccess(request);
      const { object, record_id, reason } = request.body;
      const redacted = await deps.database.db
        .transaction()
        .execute((trx) =>
          redactRecordHistory(
            trx,
            deps.database.schemas,
            { object, recordId: record_id },
            { actorId: access.userId, ip: request.ip, reason },
            deps.clock.now(),
          ),
        );
      return { redacted };
    },
  );
}
