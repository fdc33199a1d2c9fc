import type { FastifyInstance } from "fastify";
import { requireAccess } from "../access/index.ts";
import { BUNDLE_LIMITS } from "./bundle-files.ts";
import type { BundlesService } from "./bundles.service.ts";

const tags = ["bundles"];
const files = {
  type: "object",
  maxProperties: BUNDLE_LIMITS.files,
  additionalProperties: { type: "string" },
} as const;

/** The configuration as a bundle: `{ files: { path: text } }` out and in; admins only. */
export async function registerBundleRoutes(app: FastifyInstance, deps: { bundles: BundlesService }) {
  app.get<{ Querystring: { name?: string; version?: string } }>(
    "/api/admin/bundle",
    {
      config: { access: "manage_metadata", summary: "Export the configuration as a bundle of files", tags },
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            name: { type: "string", pattern: "^[a-z0-9][a-z0-9._-]{0,99}$" },
            version: { type: "string", minLength: 1, maxLength: 50 },
          },
        },
      },
    },
    async (request) => ({
      files: await deps.bundles.export({
        name: request.query.name ?? "keduo-export",
        version: request.query.version ?? "1",
      }),
    }),
  );

  app.post<{ Querystring: { dry_run?: boolean }; Body: { files: Record<string, string> } }>(
    "/api/admin/bundle/apply",
    {
      config: {
        access: "manage_metadata",
        summary: "Apply a bundle in one metadata change (dry_run=true: the plan only)",
        tags,
        freshMetadata: true,
      },
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { dry_run: { type: "boolean" } },
        },
        body: { type: "object", required: ["files"], additionalProperties: false, properties: { files } },
      },
    },
    async (request) =>
      deps.bundles.apply(request.body.files, {
        dryRun: request.query.dry_run === true,
        actorId: requireAccess(request).userId,
      }),
  );
}
