import type { Readable } from "node:stream";
import { KeduoError } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import { decodeFileNameHeader } from "../files/index.ts";
import { AMOUNT_UNITS } from "./amount-units.ts";
import type { ImportService } from "./import.service.ts";
import { registerImportReportRoutes } from "./import-report.routes.ts";
import { access, idParams, tags } from "./import-route-parts.ts";
import type { ColumnMapping, ImportSettings } from "./import-run.ts";
import { registerValueMappingRoutes } from "./value-mapping.routes.ts";

const settingsBody = {
  type: "object",
  required: ["sheet", "header_row", "mapping"],
  additionalProperties: false,
  properties: {
    sheet: { type: "string", maxLength: 200 },
    header_row: { type: "integer", minimum: 1 },
    mapping: {
      type: "array",
      maxItems: 500,
      items: {
        type: "object",
        required: ["column", "field"],
        additionalProperties: false,
        properties: {
          column: { type: "string", maxLength: 3 },
          field: { type: "string", maxLength: 100 },
          lookup: { type: "string", maxLength: 100 },
          unit: { enum: Object.keys(AMOUNT_UNITS) },
          values: {
            type: "array",
            maxItems: 1000,
            items: {
              type: "object",
              required: ["from", "to"],
              additionalProperties: false,
              properties: {
                from: { type: "string", maxLength: 1000 },
                to: { type: ["string", "null"], maxLength: 100 },
              },
            },
          },
        },
      },
    },
    duplicates: { enum: ["skip", "update", "create"] },
    match_fields: { type: "array", maxItems: 5, items: { type: "string", maxLength: 100 } },
    accept_warnings: { type: "boolean" },
  },
} as const;

interface SettingsBody {
  sheet: string;
  header_row: number;
  mapping: ColumnMapping[];
  duplicates?: ImportSettings["duplicates"];
  match_fields?: string[];
  accept_warnings?: boolean;
}

function settingsOf(body: SettingsBody): ImportSettings {
  return {
    sheet: body.sheet,
    headerRow: body.header_row,
    mapping: body.mapping.map((m) => ({
      column: m.column,
      field: m.field,
      ...(m.lookup ? { lookup: m.lookup } : {}),
      ...(m.unit ? { unit: m.unit } : {}),
      ...(m.values?.length ? { values: m.values } : {}),
    })),
    duplicates: body.duplicates ?? "create",
    matchFields: body.match_fields ?? [],
    acceptWarnings: body.accept_warnings ?? false,
  };
}

/** The import API (README.md of this module): upload → inspect → dry run → run → progress → undo. */
export async function registerImportRoutes(
  app: FastifyInstance,
  deps: { imports: ImportService; maxBytes: number },
) {
  const { imports } = deps;

  await app.register(async (scope) => {
    // The upload's body is the file itself, handed on as a stream (stored as it arrives, limited by the
    // import's own size cap, not the JSON body limit); a declared length over the cap is refused unread.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (request, payload, done) => {
      const declared = Number(request.headers["content-length"] ?? 0);
      if (declared > deps.maxBytes)
        done(new KeduoError("PAYLOAD_TOO_LARGE", { params: { limit: deps.maxBytes } }), undefined);
      else done(null, payload);
    });
    scope.post<{ Querystring: { object: string } }>(
      "/api/imports",
      {
        config: {
          access: "authenticated",
          summary: "Upload an .xlsx or .csv file to import into an object (raw body, named by X-File-Name)",
          tags,
          freshMetadata: true,
        },
        schema: {
          querystring: {
            type: "object",
            required: ["object"],
            properties: { object: { type: "string", maxLength: 100 } },
          },
        },
      },
      async (request, reply) => {
        const name = decodeFileNameHeader(request.headers["x-file-name"]);
        const body = request.body as Readable;
        const view = await imports.upload(request.query.object, name, body, access(request), request.locale);
        return reply.status(201).header("location", `/api/imports/${view.id}`).send(view);
      },
    );
  });

  app.get<{ Params: { id: string } }>(
    "/api/imports/:id",
    {
      config: {
        access: "authenticated",
        summary: "An import: status, progress (rows done/total) and counts",
        tags,
      },
      schema: { params: idParams },
    },
    async (request) => imports.view(await imports.find(request.params.id, access(request)), request.locale),
  );

  app.get<{ Params: { id: string }; Querystring: { sheet?: string } }>(
    "/api/imports/:id/inspect",
    {
      config: {
        access: "authenticated",
        summary: "Sheets, detected header row, headers, suggested mapping and sample rows",
        tags,
      },
      schema: {
        params: idParams,
        querystring: { type: "object", properties: { sheet: { type: "string", maxLength: 200 } } },
      },
    },
    async (request) => imports.inspect(request.params.id, request.query.sheet, access(request)),
  );

  app.post<{ Params: { id: string }; Body: SettingsBody }>(
    "/api/imports/:id/dry-run",
    {
      config: {
        access: "authenticated",
        summary: "Validate every row with this mapping without storing anything (a background job)",
        tags,
        freshMetadata: true,
      },
      schema: { params: idParams, body: settingsBody },
    },
    async (request, reply) => {
      reply.status(202);
      return imports.dryRun(request.params.id, settingsOf(request.body), access(request));
    },
  );

  app.post<{ Params: { id: string }; Body: SettingsBody }>(
    "/api/imports/:id/run",
    {
      config: {
        access: "authenticated",
        summary: "Import the rows (a background job)",
        tags,
        freshMetadata: true,
      },
      schema: { params: idParams, body: settingsBody },
    },
    async (request, reply) => {
      reply.status(202);
      return imports.run(request.params.id, settingsOf(request.body), access(request));
    },
  );

  app.post<{ Params: { id: string } }>(
    "/api/imports/:id/undo",
    {
      config: {
        access: "authenticated",
        summary: "Undo a completed import: created records removed, changed ones restored (a background job)",
        tags,
      },
      schema: { params: idParams },
    },
    async (request, reply) => {
      reply.status(202);
      return imports.undo(request.params.id, access(request));
    },
  );

  await registerImportReportRoutes(app, imports);
  await registerValueMappingRoutes(app, imports);
}
