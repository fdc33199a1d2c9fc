import { KeduoError } from "@keduo/core";
import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import type { BundlesService } from "../bundles/index.ts";
import { readTemplate, templateNames } from "./template-files.ts";

/** A shipped template's files; a name that is no template answers 404. */
async function templateFiles(name: string) {
  if (!templateNames().includes(name)) throw new KeduoError("NOT_FOUND");
  return readTemplate(name);
}

const tags = ["bundles"];

/**
 * The shipped templates for an admin in the browser — the start page of an empty installation offers the CRM —
 * applied exactly as `keduo template apply <name>` and POST /api/admin/bundle/apply do.
 */
export async function registerTemplateRoutes(app: FastifyInstance, deps: { bundles: BundlesService }) {
  app.get(
    "/api/admin/templates",
    { config: { access: "manage_metadata", summary: "The templates shipped with the server", tags } },
    async () => ({ templates: templateNames().map((name) => ({ name })) }),
  );

  app.post<{ Params: { name: string }; Querystring: { dry_run?: boolean } }>(
    "/api/admin/templates/:name/apply",
    {
      config: {
        access: "manage_metadata",
        summary: "Apply a shipped template in one metadata change (dry_run=true: the plan only)",
        tags,
        freshMetadata: true,
      },
      schema: {
        params: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string", pattern: "^[a-z0-9][a-z0-9._-]{0,99}$" } },
        },
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { dry_run: { type: "boolean" } },
        },
      },
    },
    async (request) =>
      deps.bundles.apply(await templateFiles(request.params.name), {
        dryRun: request.query.dry_run === true,
        actorId: requireAccess(request).userId,
      }),
  );
}
