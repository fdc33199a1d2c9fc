import type { FastifyInstance } from "fastify";
import { actorOf } from "../access/index.ts";
import type { DayInput, WorkingCalendarService } from "./working-calendar.service.ts";

const tags = ["calendar"];
const dateParams = {
  type: "object",
  required: ["date"],
  properties: {
    // Checked by the service, so a wrong date is named in the caller's language (ajv's format error is English).
    date: { type: "string", maxLength: 32, description: "A date, YYYY-MM-DD" },
  },
} as const;
const dayName = {
  type: "object",
  additionalProperties: false,
  properties: { "zh-CN": { type: "string", maxLength: 60 }, en: { type: "string", maxLength: 60 } },
} as const;
const day = {
  type: "object",
  required: ["date", "working", "name", "source", "updated_at", "updated_by"],
  properties: {
    date: { type: "string", format: "date" },
    working: { type: "boolean" },
    name: { anyOf: [dayName, { type: "null" }] },
    source: { type: "string", enum: ["chinese-days", "admin"] },
    updated_at: { type: "string", format: "date-time" },
    updated_by: { type: ["string", "null"], format: "uuid" },
  },
} as const;

/**
 * The working calendar for admins: a year's set days and the weekday rule, and setting or resetting a day.
 * Changing it is configuration (business-day timers count with it), so it needs `manage_metadata`.
 */
export async function registerCalendarRoutes(
  app: FastifyInstance,
  deps: { calendar: WorkingCalendarService },
) {
  const { calendar } = deps;

  app.get<{ Querystring: { year: number } }>(
    "/api/admin/calendar",
    {
      config: {
        access: "manage_metadata",
        summary: "A year of the working calendar: the weekday rule, holidays and make-up working days",
        tags,
      },
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          required: ["year"],
          properties: { year: { type: "integer", minimum: 1, maximum: 9999 } },
        },
        response: {
          200: {
            type: "object",
            required: ["year", "default_rule", "official_loaded", "official_source", "days"],
            properties: {
              year: { type: "integer" },
              default_rule: {
                type: "object",
                required: ["working_weekdays"],
                properties: {
                  working_weekdays: {
                    type: "array",
                    items: { type: "integer", minimum: 1, maximum: 7 },
                    description: "ISO weekdays, 1 = Monday … 7 = Sunday",
                  },
                },
              },
              official_loaded: { type: "boolean" },
              official_source: { type: "string" },
              days: { type: "array", items: day },
            },
          },
        },
      },
    },
    async (request) => calendar.year(request.query.year),
  );

  app.put<{ Params: { date: string }; Body: DayInput }>(
    "/api/admin/calendar/days/:date",
    {
      config: {
        access: "manage_metadata",
        summary: "Make a day a working day or a day off, with a name (e.g. a company holiday)",
        tags,
      },
      schema: {
        params: dateParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["working"],
          properties: { working: { type: "boolean" }, name: { anyOf: [dayName, { type: "null" }] } },
        },
        response: { 200: day },
      },
    },
    async (request) => calendar.setDay(request.params.date, request.body, actorOf(request)),
  );

  app.delete<{ Params: { date: string } }>(
    "/api/admin/calendar/days/:date",
    {
      config: {
        access: "manage_metadata",
        summary: "Return a day to the weekday rule (Monday–Friday work)",
        tags,
      },
      schema: { params: dateParams },
    },
    async (request, reply) => {
      await calendar.resetDay(request.params.date, actorOf(request));
      return reply.status(204).send();
    },
  );
}
