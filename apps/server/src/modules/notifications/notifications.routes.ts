import { KeduoError } from "@keduo/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { NOTIFICATION_CURSOR_PATTERN } from "./notification-cursor.ts";
import { INBOX_PAGE, type NotificationsService } from "./notifications.service.ts";

const tags = ["notifications"];
const text = {
  type: "object",
  properties: { "zh-CN": { type: "string" }, en: { type: "string" } },
} as const;
const notification = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    title: text,
    body: text,
    link: {
      type: ["object", "null"],
      properties: { object: { type: "string" }, record_id: { type: "string", format: "uuid" } },
    },
    source: {
      type: ["object", "null"],
      description: 'What caused it, e.g. `{ "kind": "automation", "automationId": "…", "runId": "…" }`',
      additionalProperties: true,
    },
    created_at: { type: "string", format: "date-time" },
    read_at: { type: ["string", "null"], format: "date-time" },
  },
} as const;
const idParams = {
  type: "object",
  properties: { id: { type: "string", format: "uuid" } },
  required: ["id"],
} as const;

/** The caller, whose notifications these are (the access check has already run). */
function me(request: FastifyRequest): string {
  if (!request.principal) throw new KeduoError("UNAUTHENTICATED");
  return request.principal.userId;
}

type ListQuery = { unread?: boolean; cursor?: string; limit?: number };

/** The signed-in user's own notifications: nobody reads or marks another user's, the admin included. */
export async function registerNotificationRoutes(
  app: FastifyInstance,
  deps: { notifications: NotificationsService },
) {
  const { notifications } = deps;

  app.get<{ Querystring: ListQuery }>(
    "/api/notifications",
    {
      config: { access: "authenticated", summary: "My notifications, newest first (keyset pages)", tags },
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            unread: { type: "boolean", description: "Only the ones not read yet" },
            cursor: {
              type: "string",
              pattern: NOTIFICATION_CURSOR_PATTERN,
              description: "`next_cursor` of the previous page",
            },
            limit: { type: "integer", minimum: 1, maximum: INBOX_PAGE.max },
          },
        },
        response: {
          200: {
            type: "object",
            properties: {
              notifications: { type: "array", items: notification },
              next_cursor: { type: ["string", "null"] },
            },
          },
        },
      },
    },
    async (request) => notifications.list(me(request), request.query),
  );

  app.get(
    "/api/notifications/unread-count",
    {
      config: {
        access: "authenticated",
        summary: "How many of my notifications are unread (the bell)",
        tags,
      },
      schema: {
        response: { 200: { type: "object", properties: { count: { type: "integer", minimum: 0 } } } },
      },
    },
    async (request) => ({ count: await notifications.unreadCount(me(request)) }),
  );

  app.post<{ Params: { id: string } }>(
    "/api/notifications/:id/read",
    {
      config: { access: "authenticated", summary: "Mark one of my notifications read", tags },
      schema: { params: idParams, response: { 200: notification } },
    },
    async (request) => notifications.markRead(me(request), request.params.id),
  );

  app.post(
    "/api/notifications/read-all",
    {
      config: { access: "authenticated", summary: "Mark all my notifications read", tags },
      schema: {
        response: { 200: { type: "object", properties: { updated: { type: "integer", minimum: 0 } } } },
      },
    },
    async (request) => ({ updated: await notifications.markAllRead(me(request)) }),
  );
}
