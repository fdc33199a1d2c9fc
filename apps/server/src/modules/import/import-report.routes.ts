import type { FastifyInstance } from "fastify";
import type { ImportService } from "./import.service.ts";
import { issueMessage, isWarning } from "./import-issues.ts";
import { access, idParams, tags } from "./import-route-parts.ts";

type Phase = "dry_run" | "run";
const phaseQuery = { phase: { enum: ["dry_run", "run"] } } as const;

/** The problem reports: one page of problems, problems grouped by column and reason, failed rows as .xlsx. */
export async function registerImportReportRoutes(app: FastifyInstance, imports: ImportService) {
  const phaseOf = (status: string, asked?: Phase): Phase =>
    asked ?? (status === "validated" || status === "validating" ? "dry_run" : "run");

  app.get<{
    Params: { id: string };
    Querystring: {
      phase?: Phase;
      format?: "json" | "xlsx";
      limit?: number;
      offset?: number;
      column?: string;
      code?: string;
    };
  }>(
    "/api/imports/:id/errors",
    {
      config: {
        access: "authenticated",
        summary:
          "The problems of the dry run or the run: a page as JSON (of one column and reason if asked), or the rows that failed as .xlsx with a reason column, to fix and import again",
        tags,
      },
      schema: {
        params: idParams,
        querystring: {
          type: "object",
          properties: {
            ...phaseQuery,
            format: { enum: ["json", "xlsx"] },
            limit: { type: "integer", minimum: 1, maximum: 100_000 },
            offset: { type: "integer", minimum: 0 },
            column: { type: "string", pattern: "^[A-Z]{0,3}$" },
            code: { type: "string", maxLength: 100 },
          },
        },
      },
    },
    async (request, reply) => {
      const run = await imports.find(request.params.id, access(request));
      const { query } = request;
      const phase = phaseOf(run.status, query.phase);
      if (query.format === "xlsx") {
        const name = phase === "dry_run" ? "import-check.xlsx" : "import-errors.xlsx";
        return reply
          .header("content-disposition", `attachment; filename="${name}"`)
          .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .send(await imports.failedRows(run, phase, request.locale));
      }
      const { issues, total } = await imports.issues(run.id, phase, {
        limit: query.limit ?? 100_000,
        ...(query.offset ? { offset: query.offset } : {}),
        ...(query.column !== undefined ? { column: query.column } : {}),
        ...(query.code ? { code: query.code } : {}),
      });
      const headers = run.settings?.headers ?? {};
      return {
        phase,
        total,
        errors: issues.map((issue) => ({
          row: issue.row,
          column: issue.column,
          header: issue.column ? (headers[issue.column] ?? null) : null,
          value: issue.value,
          code: issue.code,
          level: isWarning(issue.code) ? "warning" : "error",
          params: issue.params ?? {},
          message: issueMessage(issue.code, issue.params ?? {}, request.locale),
        })),
      };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { phase?: Phase } }>(
    "/api/imports/:id/problems",
    {
      config: {
        access: "authenticated",
        summary: "The problems grouped by column and reason, with counts and the first values of each group",
        tags,
      },
      schema: { params: idParams, querystring: { type: "object", properties: phaseQuery } },
    },
    async (request) => {
      const run = await imports.find(request.params.id, access(request));
      const phase = phaseOf(run.status, request.query.phase);
      return { phase, groups: await imports.problemGroups(run, phase, request.locale) };
    },
  );
}
