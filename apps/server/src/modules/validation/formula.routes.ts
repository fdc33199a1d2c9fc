import { FORMULA_VALUE_TYPES } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import { checkFormulaForEditor, type FormulaCheckInput } from "./formula-check.ts";

/** Editor support for every formula (validation rules now; formula fields, gates and conditions later). */
export async function registerFormulaRoutes(app: FastifyInstance) {
  app.post<{ Body: FormulaCheckInput }>(
    "/api/meta/formula/check",
    {
      config: {
        access: "authenticated",
        summary: "Type-check a formula: its type or positioned errors, plus functions and fields to suggest",
        tags: ["metadata"],
        // Checked against the definitions of this moment, like a read (not the write path's re-check).
        freshMetadata: true,
      },
      schema: {
        body: {
          type: "object",
          additionalProperties: false,
          required: ["object", "expression"],
          properties: {
            object: { type: "string", maxLength: 64 },
            // The checker refuses more than 4,000 characters with a positioned error; this bounds the body.
            expression: { type: "string", maxLength: 20_000 },
            expect: { enum: [...FORMULA_VALUE_TYPES] },
            // true for a validation rule's condition: ISNEW, ISCHANGED and PRIORVALUE read the write.
            write_context: { type: "boolean" },
          },
        },
      },
    },
    async (request) => checkFormulaForEditor(requireAccess(request), request.body, request.locale),
  );
}
