import {
  type FieldAccess,
  type FieldDefinition,
  type FieldDefinitionInput,
  KeduoError,
  type ObjectDefinition,
  type ObjectDefinitionInput,
} from "@keduo/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { holdsTransferRight, requireAccess } from "../access/index.ts";
import { findFieldOrThrow, findObjectOrThrow } from "./lookup.ts";
import type { MetadataService } from "./metadata.service.ts";
import { type FieldVisibility, serializeField, serializeObject } from "./serialize.ts";

const objectParams = {
  type: "object",
  properties: { object: { type: "string", maxLength: 64 } },
  required: ["object"],
} as const;
const fieldParams = {
  type: "object",
  properties: { object: { type: "string", maxLength: 64 }, field: { type: "string", maxLength: 64 } },
  required: ["object", "field"],
} as const;
const body = { type: "object" } as const;
const tags = ["metadata"];

type ObjectParams = { Params: { object: string } };
type FieldParams = { Params: { object: string; field: string } };

/**
 * Reading metadata is for every signed-in user (forms need it); changing it is for the admin role. A field
 * hidden from the caller (field-level security) is served as if it did not exist: absent from every list,
 * 404 on its own (issue 18).
 */
export async function registerMetadataRoutes(
  app: FastifyInstance,
  deps: {
    metadata: MetadataService;
    /** The caller's access to a field: the access layer decides (role permissions, formulas reading hidden fields). */
    fieldAccess(request: FastifyRequest, object: ObjectDefinition, field: FieldDefinition): FieldAccess;
  },
) {
  const { metadata } = deps;
  const actor = (principal: { userId: string } | null) => principal?.userId ?? null;
  const visibleTo =
    (request: FastifyRequest): FieldVisibility =>
    (object, field) =>
      deps.fieldAccess(request, object, field) !== "hidden";

  app.get<{ Querystring: { include_hidden?: boolean } }>(
    "/api/meta/objects",
    { config: { access: "authenticated", summary: "List objects", tags } },
    async (request) => {
      const snapshot = await metadata.current();
      const includeHidden = request.query.include_hidden === true;
      const rights = objectRights(request);
      const visible = visibleTo(request);
      return {
        version: snapshot.version,
        objects: [...snapshot.objects.values()].map((o) => ({
          ...serializeObject(o, snapshot, { includeHidden, visible }),
          my_permissions: rights(o.apiName),
        })),
      };
    },
  );

  app.post<{ Body: ObjectDefinitionInput }>(
    "/api/meta/objects",
    { config: { access: "manage_metadata", summary: "Create an object (a table)", tags }, schema: { body } },
    async (request, reply) => {
      const object = await metadata.createObject(request.body, actor(request.principal));
      reply.status(201);
      return serializeObject(object, await metadata.current(), { includeHidden: false });
    },
  );

  app.get<ObjectParams & { Querystring: { include_hidden?: boolean } }>(
    "/api/meta/objects/:object",
    {
      config: { access: "authenticated", summary: "Get an object with its fields", tags },
      schema: { params: objectParams },
    },
    async (request) => {
      const snapshot = await metadata.current();
      const object = findObjectOrThrow(snapshot, request.params.object);
      return {
        ...serializeObject(object, snapshot, {
          includeHidden: request.query.include_hidden === true,
          visible: visibleTo(request),
        }),
        my_permissions: objectRights(request)(object.apiName),
      };
    },
  );

  app.patch<ObjectParams & { Body: Partial<ObjectDefinitionInput> }>(
    "/api/meta/objects/:object",
    {
      config: { access: "manage_metadata", summary: "Change an object's labels or display field", tags },
      schema: { params: objectParams, body },
    },
    async (request) => {
      const object = await metadata.updateObject(
        request.params.object,
        request.body,
        actor(request.principal),
      );
      return serializeObject(object, await metadata.current(), { includeHidden: false });
    },
  );

  app.delete<ObjectParams>(
    "/api/meta/objects/:object",
    {
      config: { access: "manage_metadata", summary: "Delete an object and its table", tags },
      schema: { params: objectParams },
    },
    async (request, reply) => {
      await metadata.deleteObject(request.params.object, actor(request.principal));
      return reply.status(204).send();
    },
  );

  app.get<ObjectParams>(
    "/api/meta/objects/:object/fields",
    {
      config: { access: "authenticated", summary: "List an object's fields", tags },
      schema: { params: objectParams },
    },
    async (request) => {
      const object = findObjectOrThrow(await metadata.current(), request.params.object);
      const visible = visibleTo(request);
      return { fields: object.fields.filter((field) => visible(object, field)).map(serializeField) };
    },
  );

  app.post<ObjectParams & { Body: FieldDefinitionInput }>(
    "/api/meta/objects/:object/fields",
    {
      config: { access: "manage_metadata", summary: "Add a field (a column)", tags },
      schema: { params: objectParams, body },
    },
    async (request, reply) => {
      const field = await metadata.createField(request.params.object, request.body, actor(request.principal));
      reply.status(201);
      return serializeField(field);
    },
  );

  app.put<ObjectParams & { Body: { fields: string[] } }>(
    "/api/meta/objects/:object/fields/order",
    {
      config: {
        access: "manage_metadata",
        summary: "Reorder fields: those named come first in this order, the others keep theirs after them",
        tags,
      },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["fields"],
          properties: { fields: { type: "array", maxItems: 1000, items: { type: "string", maxLength: 64 } } },
        },
      },
    },
    async (request) => {
      const { object } = request.params;
      const fields = await metadata.reorderFields(object, request.body.fields, actor(request.principal));
      return { fields: fields.map(serializeField) };
    },
  );

  app.get<FieldParams>(
    "/api/meta/objects/:object/fields/:field",
    { config: { access: "authenticated", summary: "Get a field", tags }, schema: { params: fieldParams } },
    async (request) => {
      const object = findObjectOrThrow(await metadata.current(), request.params.object);
      const field = findFieldOrThrow(object, request.params.field);
      // The same problem as for a field that does not exist: no oracle for hidden field names.
      if (!visibleTo(request)(object, field))
        throw new KeduoError("FIELD_NOT_FOUND", { params: { object: object.apiName, field: field.apiName } });
      return serializeField(field);
    },
  );

  app.patch<FieldParams & { Body: Partial<FieldDefinitionInput>; Querystring: { dry_run?: boolean } }>(
    "/api/meta/objects/:object/fields/:field",
    {
      config: {
        access: "manage_metadata",
        summary: "Change a field; ?dry_run=true checks and plans without applying",
        tags,
      },
      schema: {
        params: fieldParams,
        body,
        querystring: { type: "object", properties: { dry_run: { type: "boolean" } } },
      },
    },
    async (request) => {
      const dryRun = request.query.dry_run === true;
      const { params } = request;
      const result = await metadata.updateField(
        params.object,
        params.field,
        request.body,
        actor(request.principal),
        dryRun,
      );
      return dryRun
        ? { dry_run: true, field: serializeField(result.field), statements: result.statements }
        : serializeField(result.field);
    },
  );

  app.delete<FieldParams>(
    "/api/meta/objects/:object/fields/:field",
    {
      config: {
        access: "manage_metadata",
        summary: "Delete (hide) a field; its data is kept until purged",
        tags,
      },
      schema: { params: fieldParams },
    },
    async (request) =>
      serializeField(
        await metadata.hideField(request.params.object, request.params.field, actor(request.principal)),
      ),
  );

  app.post<FieldParams>(
    "/api/meta/objects/:object/fields/:field/restore",
    {
      config: { access: "manage_metadata", summary: "Restore a deleted field", tags },
      schema: { params: fieldParams },
    },
    async (request) =>
      serializeField(
        await metadata.restoreField(request.params.object, request.params.field, actor(request.principal)),
      ),
  );

  app.post<FieldParams>(
    "/api/meta/objects/:object/fields/:field/purge",
    {
      config: { access: "manage_metadata", summary: "Drop a deleted field's column for good", tags },
      schema: { params: fieldParams },
    },
    async (request, reply) => {
      await metadata.purgeField(request.params.object, request.params.field, actor(request.principal));
      return reply.status(204).send();
    },
  );

  app.get<{ Querystring: { limit?: number } }>(
    "/api/meta/schema-changes",
    {
      config: {
        access: "manage_metadata",
        summary: "The log of schema changes (DDL) applied by metadata changes",
        tags,
      },
      schema: {
        querystring: {
          type: "object",
          properties: { limit: { type: "integer", minimum: 1, maximum: 1000 } },
        },
      },
    },
    async (request) => ({ changes: await metadata.listSchemaChanges(request.query.limit ?? 100) }),
  );
}

/**
 * What the caller may do with an object's records, beside its definition: the navigation and the buttons
 * follow the same metadata query the designer invalidates, so a new object shows up at once.
 */
function objectRights(request: FastifyRequest) {
  const access = requireAccess(request);
  return (object: string) => {
    const { read, create, edit, delete: remove } = access.permissions.object(object);
    // Whether the caller may give records to others (ADR 0024): the UI offers transfer only then.
    return { read, create, edit, delete: remove, transfer: holdsTransferRight(access, object) };
  };
}
