import type { FastifyInstance } from "fastify";
import type { ImportService } from "./import.service.ts";
import { access, idParams, tags } from "./import-route-parts.ts";

/** The value mapping step: a column's distinct values and their matches; new options from values. */
export async function registerValueMappingRoutes(app: FastifyInstance, imports: ImportService) {
  app.get<{
    Params: { id: string };
    Querystring: { sheet: string; header_row: number; column: string; field: string; lookup?: string };
  }>(
    "/api/imports/:id/values",
    {
      config: {
        access: "authenticated",
        summary:
          "The distinct values of a column (at most 1,000, with counts) and the option, user or record each matches",
        tags,
      },
      schema: {
        params: idParams,
        querystring: {
          type: "object",
          required: ["sheet", "header_row", "column", "field"],
          properties: {
            sheet: { type: "string", maxLength: 200 },
            header_row: { type: "integer", minimum: 1 },
            column: { type: "string", pattern: "^[A-Z]{1,3}$" },
            field: { type: "string", maxLength: 100 },
            lookup: { type: "string", maxLength: 100 },
          },
        },
      },
    },
    async (request) => {
      const { sheet, header_row, column, field, lookup } = request.query;
      return imports.values(
        request.params.id,
        { sheet, headerRow: header_row, column, field, ...(lookup ? { lookup } : {}) },
        access(request),
      );
    },
  );

  app.post<{ Params: { id: string }; Body: { field: string; labels: string[] } }>(
    "/api/imports/:id/options",
    {
      config: {
        access: "manage_metadata",
        summary:
          "Add values of a column as new options of a select field (value mapping: add as a new option)",
        tags,
      },
      schema: {
        params: idParams,
        body: {
          type: "object",
          required: ["field", "labels"],
          additionalProperties: false,
          properties: {
            field: { type: "string", maxLength: 100 },
            labels: {
              type: "array",
              minItems: 1,
              maxItems: 200,
              items: { type: "string", minLength: 1, maxLength: 200 },
            },
          },
        },
      },
    },
    async (request) =>
      imports.addOptions(request.params.id, request.body.field, request.body.labels, access(request)),
  );
}
