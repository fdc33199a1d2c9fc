import type { Clock } from "@keduo/core";
import {
  isValidApiName,
  KeduoError,
  type RolePermissions,
  type Translatable,
  uuidv7,
  validateRolePermissions,
} from "@keduo/core";
import type { FastifyInstance } from "fastify";
import type { Database } from "../../db/database.ts";
import { appendAudit } from "../audit/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import { requireAccess } from "./route-access.ts";

const tags = ["access"];
const roleParams = {
  type: "object",
  properties: { role: { type: "string", maxLength: 64 } },
  required: ["role"],
} as const;
const labels = {
  type: "object",
  required: ["zh-CN", "en"],
  properties: {
    "zh-CN": { type: "string", minLength: 1, maxLength: 100 },
    en: { type: "string", minLength: 1, maxLength: 100 },
  },
} as const;

interface RoleBody {
  api_name: string;
  labels: Translatable;
  permissions?: RolePermissions;
}

function checkPermissions(permissions: unknown) {
  const issues = validateRolePermissions(permissions ?? {});
  if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
}

/** Roles are versioned with the metadata: a change reaches every instance before its next request. */
export async function registerRoleRoutes(
  app: FastifyInstance,
  deps: { metadata: MetadataService; clock: Clock; database: Database },
) {
  const { metadata } = deps;
  const audit =
    (
      request: Parameters<typeof requireAccess>[0] & { ip: string },
      action: string,
      details: Record<string, unknown>,
    ) =>
    (trx: Parameters<typeof appendAudit>[0]) =>
      appendAudit(
        trx,
        [{ action, actorId: requireAccess(request).userId, ip: request.ip, details }],
        deps.clock.now(),
      );

  app.get(
    "/api/meta/roles",
    { config: { access: "authenticated", summary: "List roles and their permissions", tags } },
    async () => {
      const rows = await deps.database.db.selectFrom("roles").selectAll().orderBy("api_name").execute();
      return {
        roles: rows.map((r) => ({
          id: r.id,
          api_name: r.api_name,
          labels: r.labels,
          is_system: r.is_system,
          permissions: r.permissions,
        })),
      };
    },
  );

  app.post<{ Body: RoleBody }>(
    "/api/meta/roles",
    {
      config: { access: "manage_users", summary: "Create a role", tags },
      schema: {
        body: {
          type: "object",
          required: ["api_name", "labels"],
          additionalProperties: false,
          properties: { api_name: { type: "string" }, labels, permissions: { type: "object" } },
        },
      },
    },
    async (request, reply) => {
      const { api_name, permissions = {} } = request.body;
      if (!isValidApiName(api_name))
        throw new KeduoError("VALIDATION_FAILED", {
          issues: [{ field: "api_name", code: "invalid_api_name" }],
        });
      checkPermissions(permissions);
      const id = uuidv7();
      await metadata.changeVersioned(
        `create role ${api_name}`,
        requireAccess(request).userId,
        async ({ trx }) => {
          const exists = await trx
            .selectFrom("roles")
            .select("id")
            .where("api_name", "=", api_name)
            .executeTakeFirst();
          if (exists) throw new KeduoError("ROLE_NAME_TAKEN", { params: { role: api_name } });
          await trx
            .insertInto("roles")
            .values({
              id,
              api_name,
              labels: JSON.stringify(request.body.labels),
              is_system: false,
              permissions: JSON.stringify(permissions),
              created_at: deps.clock.now(),
            })
            .execute();
          await audit(request, "permission.role.create", { role: api_name, permissions })(trx);
        },
      );
      reply.status(201);
      return { id, api_name, labels: request.body.labels, is_system: false, permissions };
    },
  );

  app.patch<{ Params: { role: string }; Body: Partial<RoleBody> }>(
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
    async (request) => {
      const { role } = request.params;
      if (request.body.permissions !== undefined) checkPermissions(request.body.permissions);
      return metadata.changeVersioned(
        `update role ${role}`,
        requireAccess(request).userId,
        async ({ trx }) => {
          const before = await trx
            .selectFrom("roles")
            .selectAll()
            .where("api_name", "=", role)
            .executeTakeFirst();
          if (!before) throw new KeduoError("ROLE_NOT_FOUND", { params: { role } });
          // The admin role must keep every right, or the last way to fix permissions could be locked out.
          if (before.api_name === "admin" && request.body.permissions !== undefined) {
            throw new KeduoError("SYSTEM_ROLE_PROTECTED", { params: { role } });
          }
          const labelsValue = request.body.labels ?? before.labels;
          const permissionsValue = request.body.permissions ?? before.permissions;
          await trx
            .updateTable("roles")
            .set({ labels: JSON.stringify(labelsValue), permissions: JSON.stringify(permissionsValue) })
            .where("id", "=", before.id)
            .execute();
          await audit(request, "permission.role.update", {
            role,
            before: before.permissions,
            after: permissionsValue,
          })(trx);
          return {
            id: before.id,
            api_name: role,
            labels: labelsValue,
            is_system: before.is_system,
            permissions: permissionsValue,
          };
        },
      );
    },
  );

  app.delete<{ Params: { role: string } }>(
    "/api/meta/roles/:role",
    {
      config: { access: "manage_users", summary: "Delete a role no user holds", tags },
      schema: { params: roleParams },
    },
    async (request, reply) => {
      const { role } = request.params;
      await metadata.changeVersioned(
        `delete role ${role}`,
        requireAccess(request).userId,
        async ({ trx }) => {
          const before = await trx
            .selectFrom("roles")
            .selectAll()
            .where("api_name", "=", role)
            .executeTakeFirst();
          if (!before) throw new KeduoError("ROLE_NOT_FOUND", { params: { role } });
          if (before.is_system) throw new KeduoError("SYSTEM_ROLE_PROTECTED", { params: { role } });
          const holders = await trx
            .selectFrom("user_roles")
            .select((eb) => eb.fn.countAll<string>().as("n"))
            .where("role_id", "=", before.id)
            .executeTakeFirstOrThrow();
          if (Number(holders.n) > 0)
            throw new KeduoError("ROLE_IN_USE", { params: { role, count: Number(holders.n) } });
          await trx.deleteFrom("roles").where("id", "=", before.id).execute();
          await audit(request, "permission.role.delete", { role })(trx);
        },
      );
      return reply.status(204).send();
    },
  );
}
