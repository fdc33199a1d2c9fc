import type { FastifyInstance } from "fastify";
import type { DepartmentInput, DepartmentsService } from "./departments.service.ts";
import { actorOf } from "./route-actor.ts";

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
    head_user_id: { type: ["string", "null"], format: "uuid" },
  },
} as const;

/** Departments (teams) as a tree: thin routes over the departments service. */
export async function registerDepartmentRoutes(
  app: FastifyInstance,
  deps: { departments: DepartmentsService },
) {
  const { departments } = deps;

  app.get(
    "/api/org/departments",
    { config: { access: "authenticated", summary: "The department tree, flat with parent ids", tags } },
    async () => ({ departments: await departments.list() }),
  );

  app.post<{ Body: DepartmentInput & { name: string } }>(
    "/api/org/departments",
    {
      config: { access: "manage_users", summary: "Create a department", tags },
      schema: { body: { ...body, required: ["name"] } },
    },
    async (request, reply) => {
      const department = await departments.create(request.body, actorOf(request));
      reply.status(201);
      return department;
    },
  );

  app.patch<{ Params: { id: string }; Body: DepartmentInput }>(
    "/api/org/departments/:id",
    {
      config: { access: "manage_users", summary: "Rename, move or re-head a department", tags },
      schema: { params: idParams, body },
    },
    async (request) => departments.update(request.params.id, request.body, actorOf(request)),
  );

  app.delete<{ Params: { id: string } }>(
    "/api/org/departments/:id",
    {
      config: { access: "manage_users", summary: "Delete an empty department", tags },
      schema: { params: idParams },
    },
    async (request, reply) => {
      await departments.remove(request.params.id, actorOf(request));
      return reply.status(204).send();
    },
  );
}
