import { PassThrough, Readable } from "node:stream";
import { type Clock, isLocale, type Locale, zonedDate } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import { requireAccess } from "../access/index.ts";
import type { DivisionLookup } from "../divisions/index.ts";
import type { RecordsService } from "../records/index.ts";
import type { ViewsService } from "../views/index.ts";
import type { CellContext } from "./cell-values.ts";
import { contentDisposition, exportFileNames } from "./content-disposition.ts";
import { csvChunks } from "./csv-export.ts";
import { type ExportPage, exportPages } from "./export-pages.ts";
import { planExport } from "./export-plan.ts";
import { writeXlsx } from "./xlsx-export.ts";

export interface ExportDeps {
  records: RecordsService;
  views: ViewsService;
  database: Database;
  divisions: DivisionLookup;
  clock: Clock;
  config: ServerConfig;
}

type Querystring = {
  format?: "xlsx" | "csv";
  view?: string;
  filter?: string;
  sort?: string;
  fields?: string;
  header?: "label" | "api_name";
  lang?: string;
};

const CONTENT_TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
};

/** The first page, already read, followed by the rest. */
async function* prepend(first: IteratorResult<ExportPage>, rest: AsyncGenerator<ExportPage>) {
  if (first.done) return;
  yield first.value;
  yield* rest;
}

export async function registerExportRoutes(app: FastifyInstance, deps: ExportDeps) {
  app.get<{ Params: { object: string }; Querystring: Querystring }>(
    "/api/records/:object/export",
    {
      config: {
        access: "authenticated",
        summary:
          "Download a list (a saved view, or filter, sort and fields as in the list API) as .xlsx or .csv",
        tags: ["records"],
      },
      schema: {
        params: {
          type: "object",
          properties: { object: { type: "string", maxLength: 64 } },
          required: ["object"],
        },
        querystring: {
          type: "object",
          properties: {
            format: { type: "string", enum: ["xlsx", "csv"] },
            view: { type: "string", format: "uuid" },
            filter: { type: "string", maxLength: 20_000 },
            sort: { type: "string", maxLength: 500 },
            fields: { type: "string", maxLength: 10_000 },
            header: { type: "string", enum: ["label", "api_name"] },
            lang: { type: "string", enum: ["zh-CN", "en"] },
          },
        },
      },
    },
    async (request, reply) => {
      const access = requireAccess(request);
      const { format = "xlsx", lang, ...query } = request.query;
      const locale: Locale = lang && isLocale(lang) ? lang : request.locale;
      const plan = await planExport({ object: request.params.object, ...query, locale }, access, deps.views);
      const pages = exportPages(deps, plan, access);
      // Read the first page before answering: a bad filter or sort is still an ordinary problem+json.
      const first = await pages.next();
      const rows = prepend(first, pages);

      const ctx: CellContext = {
        locale,
        timeZone: deps.config.timeZone,
        snapshot: access.snapshot,
        divisionName: (code) => deps.divisions.name(code),
      };
      const object = plan.model.object;
      const names = exportFileNames(
        object.pluralLabels[locale],
        object.apiName,
        zonedDate(deps.clock.now(), deps.config.timeZone),
        format,
      );
      reply
        .header("content-type", CONTENT_TYPES[format])
        .header("content-disposition", contentDisposition(names.filename, names.ascii))
        .header("cache-control", "no-store");

      if (format === "csv") {
        const chunks = csvChunks(plan.columns, query.header ?? "label", rows, ctx);
        return reply.send(Readable.from(chunks, { objectMode: false }));
      }
      const out = new PassThrough();
      const sheet = object.pluralLabels[locale];
      writeXlsx(out, { columns: plan.columns, sheet, object: object.apiName }, rows, ctx).catch(
        (error: unknown) => {
          // The status line is sent: all that can be done is to cut the download short and log why.
          request.log.error({ err: error }, "export failed while streaming");
          out.destroy(error instanceof Error ? error : new Error(String(error)));
        },
      );
      return reply.send(out);
    },
  );
}
