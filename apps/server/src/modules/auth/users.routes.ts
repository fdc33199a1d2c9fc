import type { FastifyInstance } from "fastify";
import { createUserBody, idParams, listUsersQuery, updateUserBody, userSchema } from "./auth.schemas.ts";
import type { AuthService } from "./auth.service.ts";
import { requirePrincipal } from "./require-principal.ts";
import type { CreateUserInput, UpdateUserInput } from "./users.service.ts";

const tags = ["users"];
const userResponse = { type: "object", properties: { user: userSchema } } as const;

/** User administration; admins only for now (the access-control module will add finer permissions). */
export async function registerUserRoutes(app: FastifyInstance, deps: { auth: AuthService }) {
  const { auth } = deps;

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    "/api/users",
    {
      config: { access: "manage_users", summary: "List users, oldest first, by cursor", tags },
      schema: {
        querystring: listUsersQuery,
        response: {
          200: {
            type: "object",
            properties: {
              items: { type: "array", items: userSchema },
              next_cursor: { type: ["string", "null"] },
            },
          },
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      // One extra row says whether there is a next page without a count.
      const rows = await auth.listUsers({ limit: limit + 1, after: cursor ?? null });
      const items = rows.slice(0, limit);
      return { items, next_cursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
    },
  );

  app.post<{ Body: CreateUserInput }>(
    "/api/users",
    {
      config: { access: "manage_users", summary: "Create a user", tags },
      schema: { body: createUserBody, response: { 201: userResponse } },
    },
    async (request, reply) => {
      const user = await auth.transaction((trx) => auth.createUser(trx, request.body));
      return reply.status(201).send({ user });
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/users/:id",
    {
      config: { access: "manage_users", summary: "One user", tags },
      schema: { params: idParams, response: { 200: userResponse } },
    },
    async (request) => ({ user: await auth.getUser(request.params.id) }),
  );

  app.patch<{ Params: { id: string }; Body: UpdateUserInput }>(
    "/api/users/:id",
    {
      config: {
        access: "manage_users",
        summary: "Change a user's email, name, status, roles, department, manager, language or password",
        tags,
      },
      schema: { params: idParams, body: updateUserBody, response: { 200: userResponse } },
    },
    async (request) => {
      const actor = requirePrincipal(request);
      const user = await auth.transaction((trx) =>
        auth.updateUser(trx, actor, request.params.id, request.body),
      );
      return { user };
    },
  );
}
