import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import fastifyStatic from "@fastify/static";
import { KeduoError } from "@keduo/core";
import type { FastifyInstance } from "fastify";

/** The built web app (`npm run build:web`; `npm start` builds it first when missing or stale). */
export const WEB_DIST = resolve(import.meta.dirname, "../../../web/dist");

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Keduo</title>
<p>The Keduo web app is not built yet: run <code>npm run build:web</code> (or start with <code>npm start</code>, which builds it).</p>
<p>客多网页端尚未构建：请运行 <code>npm run build:web</code>（或用 <code>npm start</code> 启动，它会先构建）。</p>`;

// What Vite names a built file (`index-B2x_9f.js`, sanitised by Rollup): no separator, no leading dot, no `..`.
// Anything else (`..%2F`, `..%5C`, `%00`) is not one of our files and answers 404 before the file system is
// asked, whatever `send` would have made of it.
const ASSET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.~+@-]*$/;

/**
 * Serves the web app: hashed files under /assets/ are cached for good, and every other GET outside /api
 * answers with index.html so that deep links (/o/customer/…) load the app, whose router takes over.
 */
export async function registerWebAppRoutes(app: FastifyInstance, options: { root?: string } = {}) {
  const root = options.root ?? WEB_DIST;
  // Only the reply.sendFile helper: its own routes carry no access declaration, ours do.
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true, suppressWarning: true });

  // Vite writes every built file flat into assets/, named with a hash of its content.
  app.get<{ Params: { file: string } }>(
    "/assets/:file",
    {
      config: {
        access: "public",
        summary: "Web app files (content-hashed, cached immutably)",
        tags: ["web"],
      },
      schema: { params: { type: "object", properties: { file: { type: "string", maxLength: 200 } } } },
    },
    (request, reply) => {
      const { file } = request.params;
      if (!ASSET_NAME.test(file) || file.includes("..")) return reply.callNotFound();
      return reply.sendFile(`assets/${file}`, root, { maxAge: "365d", immutable: true });
    },
  );

  // `/*` is the router's catch-all for GET; the route registry leaves it out of the route list on purpose.
  app.get(
    "/*",
    {
      config: { access: "public", summary: "The web app (single-page application fallback)", tags: ["web"] },
    },
    async (request, reply) => {
      const url = request.url.split("?")[0] ?? "";
      if (url === "/api" || url.startsWith("/api/")) {
        throw new KeduoError("ROUTE_NOT_FOUND", { params: { method: request.method, url } });
      }
      // Built files sit flat in assets/: a deeper path is not one of them, and index.html is no script.
      if (url.startsWith("/assets/")) return reply.callNotFound();
      const index = resolve(root, "index.html");
      const exists = await stat(index).then(
        (s) => s.isFile(),
        () => false,
      );
      if (!exists) return reply.status(503).type("text/html; charset=utf-8").send(NOT_BUILT);
      // The page names the current asset files: it must be revalidated, or a deploy would not reach users.
      return reply
        .header("cache-control", "no-cache")
        .type("text/html; charset=utf-8")
        .send(await readFile(index));
    },
  );
}
