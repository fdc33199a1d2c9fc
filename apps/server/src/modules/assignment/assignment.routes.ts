import { KeduoError } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { AssignmentService } from "./assignment.service.ts";

const tags = ["assignment"];
const name = { type: "string", maxLength: 64 } as const;
const uuid = { type: "string", format: "uuid" } as const;
const text = {
  type: "object",
  additionalProperties: false,
  required: ["zh-CN", "en"],
  properties: { "zh-CN": { type: "string", maxLength: 200 }, en: { type: "string", maxLength: 200 } },
} as const;
const rule = {
  type: "object",
  additionalProperties: false,
  required: ["api_name", "labels", "pool"],
  properties: {
    api_name: name,
    labels: text,
    criteria: { type: ["string", "null"], maxLength: 20_000 },
    criteria_filter: { type: ["object", "null"] },
    pool: {
      type: "object",
      additionalProperties: false,
      required: ["kind"],
      properties: {
        kind: name,
        users: { type: "array", maxItems: 500, items: uuid },
        role: name,
        department: uuid,
        include_children: { type: "boolean" },
      },
    },
    strategy: name,
    open_condition: { type: ["string", "null"], maxLength: 20_000 },
    open_filter: { type: ["object", "null"] },
    capacity: { type: ["integer", "null"], minimum: -1_000_000_000, maximum: 1_000_000_000 },
    enabled: { type: "boolean" },
  },
} as const;
const objectParams = { type: "object", properties: { object: name }, required: ["object"] } as const;

type ObjectParams = { Params: { object: string } };

/** An object's assignment rules (admins), assigning selected records by them, and why a record has its owner. */
export async function registerAssignmentRoutes(
  app: FastifyInstance,
  deps: { assignment: AssignmentService },
) {
  const { assignment } = deps;

  app.get<ObjectParams>(
    "/api/meta/objects/:object/assignment-rules",
    {
      config: {
        access: "manage_metadata",
        summary: "An object's assignment rules, in the order they are tried",
        tags,
      },
      schema: { params: objectParams },
    },
    async (request) => ({ rules: await assignment.rules(request.params.object) }),
  );

  // Lists offer "assign by rules" to anyone who may transfer records, not only to admins: how many rules are
  // on, and nothing of what they say.
  app.get<ObjectParams>(
    "/api/meta/objects/:object/assignment",
    {
      config: {
        access: "authenticated",
        summary: "Whether an object assigns by rules: how many of its assignment rules are on",
        tags,
      },
      schema: { params: objectParams },
    },
    async (request) => ({ enabled_rules: await assignment.enabledRules(request.params.object) }),
  );

  app.put<ObjectParams & { Body: { rules: unknown[] } }>(
    "/api/meta/objects/:object/assignment-rules",
    {
      config: {
        access: "manage_metadata",
        summary: "Replace an object's assignment rules (the whole ordered list)",
        tags,
      },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["rules"],
          properties: { rules: { type: "array", maxItems: 100, items: rule } },
        },
      },
    },
    async (request) => ({
      rules: await assignment.replace(
        request.params.object,
        request.body.rules,
        requireAccess(request).userId,
      ),
    }),
  );

  app.post<ObjectParams & { Body: { ids: string[] } }>(
    "/api/records/:object/assign",
    {
      config: {
        access: "authenticated",
        summary: "Give records owners by the object's assignment rules (needs the right to transfer them)",
        tags,
      },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["ids"],
          properties: { ids: { type: "array", minItems: 1, maxItems: 1000, items: uuid } },
        },
      },
    },
    async (request) => {
      const { userId } = requireAccess(request);
      // Owner changes are made as a person, with their transfer right; a request with no user has none.
      if (!userId) throw new KeduoError("FORBIDDEN");
      return { decisions: await assignment.assignAs(userId, request.params.object, request.body.ids) };
    },
  );

  app.get<{ Params: { object: string; id: string } }>(
    "/api/records/:object/:id/assignment",
    {
      config: {
        access: "authenticated",
        summary: "Why the record has its owner: the last assignment decision",
        tags,
      },
      schema: {
        params: { type: "object", properties: { object: name, id: uuid }, required: ["object", "id"] },
      },
    },
    async (request) => ({
      decision: await assignment.decision(request.params.object, request.params.id, requireAccess(request)),
    }),
  );
}
