import type { FastifyInstance, FastifyReply } from "fastify";
import { requireAccess } from "../access/index.ts";
import { ifMatchVersion } from "../records/index.ts";
import { MAX_COLUMNS, MAX_NAME, MAX_SEARCH, MAX_SORT_KEYS } from "./view-definition.ts";
import type { ServedView, ViewInput, ViewsService } from "./views.service.ts";

const tags = ["views"];
const uuid = { type: "string", format: "uuid" } as const;
const objectName = { type: "string", maxLength: 64 } as const;
const objectParams = { type: "object", properties: { object: objectName }, required: ["object"] } as const;
const viewParams = {
  type: "object",
  properties: { object: objectName, id: uuid },
  required: ["object", "id"],
} as const;
const fieldName = { type: "string", minLength: 1, maxLength: 64 } as const;
const viewProperties = {
  name: { type: "string", maxLength: MAX_NAME * 2 },
  shared: { type: "boolean" },
  columns: {
    type: "array",
    maxItems: MAX_COLUMNS,
    items: {
      type: "object",
      additionalProperties: false,
      required: ["field"],
      properties: { field: fieldName, width: { type: "integer", minimum: 40, maximum: 2000 } },
    },
  },
  filter: { type: ["object", "null"] },
  sort: {
    type: "array",
    maxItems: MAX_SORT_KEYS,
    items: {
      type: "object",
      additionalProperties: false,
      required: ["field", "direction"],
      properties: { field: fieldName, direction: { type: "string", enum: ["asc", "desc"] } },
    },
  },
  search: { type: ["string", "null"], maxLength: MAX_SEARCH },
} as const;

type ObjectParams = { Params: { object: string } };
type ViewParams = { Params: { object: string; id: string } };

/** The API form of a view (snake_case like every definition). */
function serializeView({ view, definition, editable }: ServedView) {
  return {
    id: view.id,
    object: view.object,
    name: view.name,
    shared: view.ownerId === null,
    owner_id: view.ownerId,
    columns: definition.columns,
    filter: definition.filter,
    sort: definition.sort,
    search: definition.search,
    /** Some filter conditions use fields this user cannot see; they were left out (the list may show more). */
    filter_relaxed: definition.filterRelaxed,
    editable,
    version: view.version,
    created_at: view.createdAt.toISOString(),
    updated_at: view.updatedAt.toISOString(),
  };
}

function withEtag(reply: FastifyReply, served: ServedView) {
  reply.header("etag", `"${served.view.version}"`);
  return serializeView(served);
}

/** Saved list views of an object and the user's last-used one; reading the object is all a route needs. */
export async function registerViewRoutes(app: FastifyInstance, deps: { views: ViewsService }) {
  const { views } = deps;

  app.get<ObjectParams>(
    "/api/views/:object",
    {
      config: {
        access: "authenticated",
        summary: "List the shared views and my own views of an object, and which one I used last",
        tags,
      },
      schema: { params: objectParams },
    },
    async (request) => {
      const result = await views.list(request.params.object, requireAccess(request));
      return { views: result.views.map(serializeView), current_view_id: result.currentViewId };
    },
  );

  app.put<ObjectParams & { Body: { view_id: string | null } }>(
    "/api/views/:object/current",
    {
      config: {
        access: "authenticated",
        summary: "Remember the view I use for an object (null: none)",
        tags,
      },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["view_id"],
          properties: { view_id: { anyOf: [uuid, { type: "null" }] } },
        },
      },
    },
    async (request) => {
      await views.choose(request.params.object, request.body.view_id, requireAccess(request));
      return { current_view_id: request.body.view_id };
    },
  );

  app.get<ViewParams>(
    "/api/views/:object/:id",
    {
      config: { access: "authenticated", summary: "Get a view", tags },
      schema: { params: viewParams },
    },
    async (request, reply) =>
      withEtag(reply, await views.get(request.params.object, request.params.id, requireAccess(request))),
  );

  app.post<ObjectParams & { Body: ViewInput }>(
    "/api/views/:object",
    {
      config: {
        access: "authenticated",
        summary: "Save a view: personal, or shared with everyone who reads the object (manage_metadata)",
        tags,
      },
      schema: {
        params: objectParams,
        body: { type: "object", additionalProperties: false, required: ["name"], properties: viewProperties },
      },
    },
    async (request, reply) => {
      const served = await views.create(request.params.object, request.body, requireAccess(request));
      reply.status(201);
      return withEtag(reply, served);
    },
  );

  app.patch<ViewParams & { Body: ViewInput }>(
    "/api/views/:object/:id",
    {
      config: {
        access: "authenticated",
        summary: "Change a view; send If-Match with its version to avoid overwriting others' changes",
        tags,
      },
      schema: {
        params: viewParams,
        body: { type: "object", additionalProperties: false, properties: viewProperties },
      },
    },
    async (request, reply) => {
      const { object, id } = request.params;
      const version = ifMatchVersion(request.headers["if-match"], "view");
      return withEtag(reply, await views.update(object, id, request.body, version, requireAccess(request)));
    },
  );

  app.delete<ViewParams>(
    "/api/views/:object/:id",
    {
      config: { access: "authenticated", summary: "Delete a view", tags },
      schema: { params: viewParams },
    },
    async (request, reply) => {
      const { object, id } = request.params;
      await views.remove(
        object,
        id,
        ifMatchVersion(request.headers["if-match"], "view"),
        requireAccess(request),
      );
      return reply.status(204).send();
    },
  );
}
