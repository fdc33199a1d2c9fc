import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { AutomationInput } from "./automation-check.ts";
import {
  apiNameSchema,
  automationProperties,
  idParams,
  pageQuery,
  recordParams,
} from "./automation-schemas.ts";
import type { HookCall } from "./inbound-hooks.ts";
import type { AutomationModule } from "./index.ts";

const tags = ["automations"];
type IdParams = { Params: { id: string } };
type PageQuery = { Querystring: { before?: string; limit?: number } };

/**
 * Automations and their run log. Defining them is a metadata change (admins with manage_metadata); a record's
 * runs are shown to whoever may read the record.
 */
export async function registerAutomationRoutes(app: FastifyInstance, deps: { automation: AutomationModule }) {
  const { automations } = deps.automation;

  app.get<{ Querystring: { object?: string } }>(
    "/api/automations",
    {
      config: { access: "manage_metadata", summary: "List automations (of one object with ?object=)", tags },
      schema: {
        querystring: { type: "object", additionalProperties: false, properties: { object: apiNameSchema } },
      },
    },
    async (request) => ({ automations: await automations.list({ object: request.query.object }) }),
  );

  app.post<{ Body: AutomationInput & { object: string } }>(
    "/api/automations",
    {
      config: { access: "manage_metadata", summary: "Add an automation: trigger, condition, actions", tags },
      schema: {
        body: {
          type: "object",
          additionalProperties: false,
          required: ["object", "api_name", "labels", "trigger", "actions"],
          properties: { object: apiNameSchema, api_name: apiNameSchema, ...automationProperties },
        },
      },
    },
    async (request, reply) => {
      const { object, ...input } = request.body;
      const created = await automations.create(object, input, requireAccess(request).userId);
      reply.status(201);
      return created;
    },
  );

  app.post<{ Body: AutomationInput & { object?: string }; Querystring: { days?: number; id?: string } }>(
    "/api/automations/preview",
    {
      config: {
        access: "manage_metadata",
        summary:
          "Which records a timed automation would act on in the next days, and what it would do (nothing is sent)",
        tags,
      },
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            days: { type: "integer", minimum: 1, maximum: 366 },
            id: { type: "string", format: "uuid" },
          },
        },
        body: {
          type: "object",
          additionalProperties: false,
          properties: { object: apiNameSchema, api_name: apiNameSchema, ...automationProperties },
        },
      },
    },
    async (request) =>
      deps.automation.preview(request.body, { id: request.query.id, days: request.query.days ?? 30 }),
  );

  app.post<{ Body: AutomationInput & { object?: string }; Querystring: { record_id: string; id?: string } }>(
    "/api/automations/test",
    {
      config: {
        access: "manage_metadata",
        summary:
          "Try an automation on one record: whether its condition holds, and what each action would do (rolled back; nothing is saved or sent)",
        tags,
      },
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          required: ["record_id"],
          properties: {
            record_id: { type: "string", format: "uuid" },
            id: { type: "string", format: "uuid" },
          },
        },
        body: {
          type: "object",
          additionalProperties: false,
          properties: { object: apiNameSchema, api_name: apiNameSchema, ...automationProperties },
        },
      },
    },
    async (request) =>
      deps.automation.test(request.body, {
        id: request.query.id,
        recordId: request.query.record_id,
        access: requireAccess(request),
      }),
  );

  app.post<{ Params: { token: string }; Body: HookCall }>(
    "/api/hooks/automations/:token",
    {
      config: {
        access: "public",
        summary:
          "An automation's inbound webhook: another system acts on a record (record_id) or creates one (values); the secret token in the address is the key",
        tags,
      },
      schema: {
        params: {
          type: "object",
          properties: { token: { type: "string", maxLength: 64 } },
          required: ["token"],
        },
        body: {
          type: "object",
          additionalProperties: false,
          properties: {
            record_id: { type: "string", format: "uuid" },
            values: { type: "object", maxProperties: 200 },
          },
        },
      },
    },
    async (request, reply) => {
      const answer = await deps.automation.receiveHook(request.params.token, request.body ?? {});
      reply.status(202);
      return answer;
    },
  );

  app.get<IdParams>(
    "/api/automations/:id",
    { config: { access: "manage_metadata", summary: "One automation", tags }, schema: { params: idParams } },
    async (request) => automations.get(request.params.id),
  );

  app.patch<IdParams & { Body: AutomationInput }>(
    "/api/automations/:id",
    {
      config: {
        access: "manage_metadata",
        summary: "Change an automation (switch it on or off with `enabled`); runs keep their version",
        tags,
      },
      schema: {
        params: idParams,
        body: { type: "object", additionalProperties: false, properties: automationProperties },
      },
    },
    async (request) => automations.update(request.params.id, request.body, requireAccess(request).userId),
  );

  app.delete<IdParams>(
    "/api/automations/:id",
    {
      config: { access: "manage_metadata", summary: "Delete an automation", tags },
      schema: { params: idParams },
    },
    async (request, reply) => {
      await automations.remove(request.params.id, requireAccess(request).userId);
      reply.status(204);
    },
  );

  app.get<IdParams & PageQuery>(
    "/api/automations/:id/runs",
    {
      config: { access: "manage_metadata", summary: "An automation's run log, newest first", tags },
      schema: { params: idParams, querystring: pageQuery },
    },
    async (request) => {
      await automations.get(request.params.id);
      return {
        runs: await deps.automation.runLog({ automationId: request.params.id }, request.query),
      };
    },
  );

  app.get<{ Params: { object: string; id: string } } & PageQuery>(
    "/api/records/:object/:id/automation-runs",
    {
      config: { access: "authenticated", summary: "What automations did on a record, newest first", tags },
      schema: { params: recordParams, querystring: pageQuery },
    },
    async (request) => {
      const { object, id } = request.params;
      return { runs: await deps.automation.recordRunLog(object, id, requireAccess(request), request.query) };
    },
  );

  app.post<IdParams>(
    "/api/automation-runs/:id/retry",
    {
      config: {
        access: "manage_metadata",
        summary: "Run a failed run again from the action that failed",
        tags,
      },
      schema: { params: idParams },
    },
    async (request, reply) => {
      await deps.automation.retry(request.params.id);
      reply.status(202);
      return { id: request.params.id, status: "queued" };
    },
  );

  app.get<IdParams>(
    "/api/automation-runs/:id/webhooks",
    {
      config: {
        access: "manage_metadata",
        summary: "How a run's webhooks were delivered: status, attempts, the receiver's last answer",
        tags,
      },
      schema: { params: idParams },
    },
    async (request) => ({ deliveries: await deps.automation.webhookDeliveries(request.params.id) }),
  );
}
