import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { RuleInput, ValidationService } from "./validation.service.ts";
import { serializeRule } from "./validation-rule-rows.ts";

const tags = ["metadata"];
const name = { type: "string", maxLength: 64 } as const;
const objectParams = { type: "object", properties: { object: name }, required: ["object"] } as const;
const ruleParams = {
  type: "object",
  properties: { object: name, rule: name },
  required: ["object", "rule"],
} as const;
const message = {
  type: "object",
  additionalProperties: false,
  required: ["zh-CN", "en"],
  properties: {
    "zh-CN": { type: "string", minLength: 1, maxLength: 500 },
    en: { type: "string", minLength: 1, maxLength: 500 },
  },
} as const;
const ruleProperties = {
  condition: { type: "string", maxLength: 20_000 },
  message,
  field: { type: ["string", "null"], maxLength: 64 },
  active: { type: "boolean" },
} as const;

type ObjectParams = { Params: { object: string } };
type RuleParams = { Params: { object: string; rule: string } };

/** Validation rules of an object; every change is a metadata change, so all instances enforce it at once. */
export async function registerValidationRuleRoutes(
  app: FastifyInstance,
  deps: { validation: ValidationService },
) {
  const { validation } = deps;

  app.get<ObjectParams>(
    "/api/meta/objects/:object/validation-rules",
    {
      config: { access: "manage_metadata", summary: "List an object's validation rules", tags },
      schema: { params: objectParams },
    },
    async (request) => ({
      rules: (await validation.list(request.params.object)).map(({ rule, valid }) => ({
        ...serializeRule(rule),
        valid,
      })),
    }),
  );

  app.post<ObjectParams & { Body: RuleInput }>(
    "/api/meta/objects/:object/validation-rules",
    {
      config: {
        access: "manage_metadata",
        summary: "Add a validation rule: a formula that is true when a record is invalid",
        tags,
      },
      schema: {
        params: objectParams,
        body: {
          type: "object",
          additionalProperties: false,
          required: ["api_name", "condition", "message"],
          properties: { api_name: name, ...ruleProperties },
        },
      },
    },
    async (request, reply) => {
      const rule = await validation.create(
        request.params.object,
        request.body,
        requireAccess(request).userId,
      );
      reply.status(201);
      return serializeRule(rule);
    },
  );

  app.patch<RuleParams & { Body: RuleInput }>(
    "/api/meta/objects/:object/validation-rules/:rule",
    {
      config: {
        access: "manage_metadata",
        summary: "Change a validation rule's condition, message, field or active flag",
        tags,
      },
      schema: {
        params: ruleParams,
        body: { type: "object", additionalProperties: false, properties: ruleProperties },
      },
    },
    async (request) =>
      serializeRule(
        await validation.update(
          request.params.object,
          request.params.rule,
          request.body,
          requireAccess(request).userId,
        ),
      ),
  );

  app.delete<RuleParams>(
    "/api/meta/objects/:object/validation-rules/:rule",
    {
      config: { access: "manage_metadata", summary: "Delete a validation rule", tags },
      schema: { params: ruleParams },
    },
    async (request, reply) => {
      await validation.remove(request.params.object, request.params.rule, requireAccess(request).userId);
      return reply.status(204).send();
    },
  );
}
