import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RecordSharesService, ShareCaller, ShareInput } from "./record-shares.service.ts";
import { requireAccess } from "./route-access.ts";
import { actorOf } from "./route-actor.ts";
import type { SharingRuleInput, SharingRulesService } from "./sharing-rules.service.ts";

const tags = ["access"];
const uuid = { type: "string", format: "uuid" } as const;
const object = { type: "string", maxLength: 64 } as const;
const objectParams = { type: "object", properties: { object }, required: ["object"] } as const;
const recordParams = {
  type: "object",
  properties: { object, id: uuid },
  required: ["object", "id"],
} as const;

const callerOf = (request: FastifyRequest): ShareCaller => ({
  access: requireAccess(request),
  ip: request.ip,
});

/** Sharing rules of an object and manual shares of one record: thin routes over the sharing services. */
export async function registerSharingRoutes(
  app: FastifyInstance,
  deps: { sharingRules: SharingRulesService; recordShares: RecordSharesService },
) {
  const { sharingRules, recordShares } = deps;

  app.get<{ Params: { object: string } }>(
    "/api/meta/objects/:object/sharing-rules",
    {
      config: { access: "manage_sharing", summary: "Sharing rules of an object", tags },
      schema: { params: objectParams },
    },
    async (request) => ({ rules: await sharingRules.list(request.params.object) }),
  );

  app.post<{ Params: { object: string }; Body: SharingRuleInput }>(
    "/api/meta/objects/:object/sharing-rules",
    {
      config: {
        access: "manage_sharing",
        summary: "Share records matching a filter with a department or role",
        tags,
      },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["name", "filter", "grantee_kind", "grantee_id", "access"],
          properties: {
            name: { type: "string", minLength: 1, maxLength: 100 },
            filter: { type: "object" },
            grantee_kind: { enum: ["department", "role"] },
            grantee_id: uuid,
            access: { enum: ["read", "edit"] },
            include_subdepartments: { type: "boolean" },
          },
        },
      },
    },
    async (request, reply) => {
      const rule = await sharingRules.create(request.params.object, request.body, actorOf(request));
      reply.status(201);
      return rule;
    },
  );

  app.delete<{ Params: { object: string; id: string } }>(
    "/api/meta/objects/:object/sharing-rules/:id",
    {
      config: { access: "manage_sharing", summary: "Delete a sharing rule", tags },
      schema: {
        params: {
          type: "object",
          properties: { object: { type: "string" }, id: uuid },
          required: ["object", "id"],
        },
      },
    },
    async (request, reply) => {
      await sharingRules.remove(request.params.object, request.params.id, actorOf(request));
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { object: string; id: string } }>(
    "/api/records/:object/:id/shares",
    {
      config: { access: "authenticated", summary: "Manual shares of a record", tags },
      schema: { params: recordParams },
    },
    async (request) => ({ shares: await recordShares.list(callerOf(request), request.params) }),
  );

  app.post<{ Params: { object: string; id: string }; Body: ShareInput }>(
    "/api/records/:object/:id/shares",
    {
      config: {
        access: "authenticated",
        summary: "Share one record with a user, department or role",
        tags,
        freshMetadata: true,
      },
      schema: {
        params: recordParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["grantee_kind", "grantee_id", "access"],
          properties: {
            grantee_kind: { enum: ["user", "department", "role"] },
            grantee_id: uuid,
            access: { enum: ["read", "edit"] },
          },
        },
      },
    },
    async (request, reply) => {
      const share = await recordShares.share(callerOf(request), request.params, request.body);
      reply.status(201);
      return share;
    },
  );

  app.delete<{ Params: { object: string; id: string; share: string } }>(
    "/api/records/:object/:id/shares/:share",
    {
      config: { access: "authenticated", summary: "Remove a manual share", tags, freshMetadata: true },
      schema: {
        params: {
          type: "object",
          properties: { object: { type: "string" }, id: uuid, share: uuid },
          required: ["object", "id", "share"],
        },
      },
    },
    async (request, reply) => {
      const { object, id, share } = request.params;
      await recordShares.unshare(callerOf(request), { object, id }, share);
      return reply.status(204).send();
    },
  );
}
