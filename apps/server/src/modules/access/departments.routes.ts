import { type Clock, KeduoError, uuidv7 } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import type { Database, Trx } from "../../db/database.ts";
import { appendAudit } from "../audit/index.ts";
import type { MetadataService } from "../metadata/index.ts";
import { requireAccess } from "./route-access.ts";

const tags = ["access"];
const idParams = {
  type: "object",
  properties: { id: { type: "string", format: "uuid" } },
  required: ["id"],
} as const;
const body = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: { type: "string", minLength: 1, maxLength: 100 },
    parent_id: { type: ["string", "null"], format: "uuid" },
    position: { type: "integer", minimum: 0, maximum: 100000 },
  },
} as const;

interface DepartmentBody {
  name?: string;
  parent_id?: string | null;
  position?: number;
}

/** Departments (teams) as a tree; versioned with the metadata because sharing rules resolve against it. */
export async function registerDepartmentRoutes(
  app: FastifyInstance,
  deps: { metadata: MetadataService; clock: Clock; database: Database },
) {
  const { metadata, database, clock } = deps;

  app.get(
    "/api/org/departments",
    { config: { access: "authenticated", summary: "The department tree, flat with parent ids", tags } },
    async () => ({
      departments: await database.db
        .selectFrom("departments")
        .selectAll()
        .orderBy("position")
        .orderBy("name")
        .execute(),
    }),
  );

  app.post<{ Body: DepartmentBody }>(
    "/api/org/departments",
    {
      config: { access: "manage_users", summary: "Create a department", tags },
      schema: { body: { ...body, required: ["name"] } },
    },
    async (request, reply) => {
      const id = uuidv7();
      const actorId = requireAccess(request).userId;
      const department = await metadata.changeVersioned("create department", actorId, async ({ trx }) => {
        const parentId = request.body.parent_id ?? null;
        await assertParentExists(trx, parentId);
        const row = {
          id,
          name: request.body.name!,
          parent_id: parentId,
          position: request.body.position ?? 0,
          created_at: clock.now(),
        };
        await trx.insertInto("departments").values(row).execute();
        await appendAudit(
          trx,
          [
            {
              action: "org.department.create",
              actorId,
              ip: request.ip,
              details: { id, name: row.name, parent_id: parentId },
            },
          ],
          clock.now(),
        );
        return row;
      });
      reply.status(201);
      return department;
    },
  );

  app.patch<{ Params: { id: string }; Body: DepartmentBody }>(
    "/api/org/departments/:id",
    {
      config: { access: "manage_users", summary: "Rename or move a department", tags },
      schema: { params: idParams, body },
    },
    async (request) => {
      const actorId = requireAccess(request).userId;
      const { id } = request.params;
      return metadata.changeVersioned("update department", actorId, async ({ trx }) => {
        const before = await trx
          .selectFrom("departments")
          .selectAll()
          .where("id", "=", id)
          .executeTakeFirst();
        if (!before) throw new KeduoError("DEPARTMENT_NOT_FOUND");
        const parentId = request.body.parent_id === undefined ? before.parent_id : request.body.parent_id;
        if (parentId !== before.parent_id) await assertParentExists(trx, parentId);
        // Moving a department under itself or one of its descendants would make the tree a loop.
        for (let cursor = parentId; cursor; ) {
          if (cursor === id) {
            throw new KeduoError("VALIDATION_FAILED", {
              issues: [{ field: "parent_id", code: "invalid_value", params: { reason: "cycle" } }],
            });
          }
          cursor =
            (
              await trx
                .selectFrom("departments")
                .select("parent_id")
                .where("id", "=", cursor)
                .executeTakeFirst()
            )?.parent_id ?? null;
        }
        const after = {
          name: request.body.name ?? before.name,
          parent_id: parentId,
          position: request.body.position ?? before.position,
        };
        await trx.updateTable("departments").set(after).where("id", "=", id).execute();
        await appendAudit(
          trx,
          [{ action: "org.department.update", actorId, ip: request.ip, details: { id, before, after } }],
          clock.now(),
        );
        return { ...before, ...after };
      });
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/api/org/departments/:id",
    {
      config: { access: "manage_users", summary: "Delete an empty department", tags },
      schema: { params: idParams },
    },
    async (request, reply) => {
      const actorId = requireAccess(request).userId;
      const { id } = request.params;
      await metadata.changeVersioned("delete department", actorId, async ({ trx }) => {
        const before = await trx
          .selectFrom("departments")
          .selectAll()
          .where("id", "=", id)
          .executeTakeFirst();
        if (!before) throw new KeduoError("DEPARTMENT_NOT_FOUND");
        const child = await trx
          .selectFrom("departments")
          .select("id")
          .where("parent_id", "=", id)
          .executeTakeFirst();
        const member = await trx
          .selectFrom("users")
          .select("id")
          .where("department_id", "=", id)
          .executeTakeFirst();
        if (child || member) throw new KeduoError("DEPARTMENT_NOT_EMPTY");
        await trx.deleteFrom("departments").where("id", "=", id).execute();
        await appendAudit(
          trx,
          [{ action: "org.department.delete", actorId, ip: request.ip, details: { id, name: before.name } }],
          clock.now(),
        );
      });
      return reply.status(204).send();
    },
  );
}

/** A department's parent must exist: the foreign key would refuse it too, but as a 500. */
async function assertParentExists(trx: Trx, parentId: string | null): Promise<void> {
  if (!parentId) return;
  const parent = await trx
    .selectFrom("departments")
    .select("id")
    .where("id", "=", parentId)
    .executeTakeFirst();
  if (!parent) {
    throw new KeduoError("VALIDATION_FAILED", {
      issues: [{ field: "parent_id", code: "invalid_reference", params: { value: parentId } }],
    });
  }
}
