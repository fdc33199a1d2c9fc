import type { FastifyInstance } from "fastify";
import type { RoleInput, RolesService } from "./roles.service.ts";
import { requireAccess } from "./route-access.ts";
import { actorOf } from "./route-actor.ts";

const tags = ["access"];
const roleParams = {
  type: "object",
  properties: { role: { type: "string", maxLength: 64 } },
  required: ["role"],
} as const;
// One language is enough: the other falls back to it (roles.service.ts).
const labels = {
  type: "object",
  minProperties: 1,
  properties: {
    "zh-CN": { type: "string", maxLength: 100 },
    en: { type: "string", maxLength: 100 },
  },
} as const;

/** Roles and their permissions: thin routes over the roles service. */
export async function registerRoleRoutes(app: FastifyInstance, deps: { roles: RolesService }) {
  const { roles } = deps;

  app.get(
    "/api/meta/roles",
    {
      config: {
        access: "authenticated",
        summary: "List roles (their permissions for user managers; names only for everyone else)",
        tags,
      },
    },
    async (request) => {
      const all = await roles.list();
      // A role's field permissions name fields hidden from some readers: only user managers see them.
      if (requireAccess(request).permissions.system.manage_users) return { roles: all };
      return { roles: all.map((role) => ({ api_name: role.api_name, labels: role.labels })) };
    },
  );

  app.post<{ Body: RoleInput }>(
    "/api/meta/roles",
    {
      config: { access: "manage_users", summary: "Create a role", tags },
      schema: {
        body: {
          type: "object",
          required: ["labels"],
          additionalProperties: false,
          properties: { api_name: { type: "string" }, labels, permissions: { type: "object" } },
        },
      },
    },
    async (request, reply) => {
      const role = await roles.create(request.body, actorOf(request));
      reply.status(201);
      return role;
    },
  );

  app.patch<{ Params: { role: string }; Body: Partial<Omit<RoleInput, "api_name">> }>(
    "/api/meta/roles/:role",
    {
      config: { access: "manage_users", summary: "Change a role's labels or permissions", tags },
      schema: {
        params: roleParams,
        body: {
          type: "object",
          additionalProperties: false,
          properties: { labels, permissions: { type: "object" } },
        },
      },
    },
    async (request) => roles.update(request.params.role, request.body, actorOf(request)),
  );

  app.delete<{ Params: { role: string } }>(
    "/api/meta/roles/:role",
    {
      config: { access: "manage_users", summary: "Delete a role no user holds", tags },
      schema: { params: roleParams },
    },
    async (request, reply) => {
      await roles.remove(request.params.role, actorOf(request));
      return reply.status(204).send();
    },
  );
}
