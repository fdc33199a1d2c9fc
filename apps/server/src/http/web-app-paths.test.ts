import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { HttpClient } from "../test/http-client.ts";
import { expectCleanProblem } from "../test/problems.ts";
import { startTestApp, type TestApp, testEngine } from "../test/test-app.ts";
import { createHttpApp } from "./app.ts";
import { registerWebAppRoutes } from "./web-app.routes.ts";

/** Crafted paths to the web app's files: a problem (404, or 400 for undecodable ones), never a file outside. */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const TRAVERSALS = [
  "/assets/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
  "/assets/..%5C..%5C..%5Cetc%5Cpasswd",
  "/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "/assets/.vite",
  "/assets/..%2Findex.html",
  "/assets/%2Fetc%2Fpasswd",
  // Encoded twice: the name reaches the file server still percent-encoded, and it decodes once more.
  "/assets/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
  "/assets/..%252F..%252Fetc%252Fpasswd",
  "/assets/%2500",
  // Two segments: the single-page fallback, which must not answer index.html for a missing script.
  "/assets/sub/index.js",
];

describe(`web app paths on ${testEngine}`, () => {
  it("answers 404 for an /assets/ name outside the bundle, signed in or not", async () => {
    for (const client of [app.anonymous, app.admin]) {
      for (const path of TRAVERSALS) expectCleanProblem(await client.get(path), 404, "ROUTE_NOT_FOUND");
    }
  });

  it("answers 400 for a NUL in an /assets/ name or the single-page fallback", async () => {
    for (const client of [app.anonymous, app.admin]) {
      for (const path of ["/assets/%00", "/assets/index.js%00.map", "/o/customer%00"]) {
        expectCleanProblem(await client.get(path), 400, "VALIDATION_FAILED", {
          field: path.startsWith("/assets/") ? "params.file" : "params.*",
          code: "invalid_characters",
        });
      }
    }
  });

  it("answers an undecodable path with a 400 problem in the caller's language", async () => {
    app.anonymous.locale = "zh-CN";
    const response = await app.anonymous.get("/assets/%ZZ");
    app.anonymous.locale = "en";
    expectCleanProblem(response, 400, "BAD_REQUEST");
    expect(response.body.title).toBe("请求格式错误");
    expectCleanProblem(await app.admin.get("/o/%E0%A4%A"), 400, "BAD_REQUEST");
  });

  it("serves no file but the app's page from the single-page fallback", async () => {
    for (const path of [
      "/..%2f..%2f..%2fetc%2fpasswd",
      "/o/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "/%2e%2e/%2e%2e/",
    ]) {
      const response = await app.anonymous.get(path);
      // The built page, or the "not built yet" page when apps/web/dist is absent: HTML of ours either way.
      expect([200, 503], `${path}: ${response.status}`).toContain(response.status);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(response.text).not.toMatch(/root:x?:0:0/);
    }
  });
});

describe("web app paths with a built bundle", () => {
  // A bundle in a temporary folder, with a secret file beside it that no path may reach.
  let folder: string;
  let server: FastifyInstance;
  let client: HttpClient;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "keduo-web-"));
    const root = join(folder, "dist");
    await mkdir(join(root, "assets"), { recursive: true });
    await writeFile(join(root, "index.html"), "<!doctype html><title>Keduo</title>");
    await writeFile(join(root, "assets", "index-B2x_9f-Q.js"), "console.log('app')");
    await writeFile(join(folder, "secret.txt"), "SECRET-OUTSIDE-THE-BUNDLE");
    const http = await createHttpApp({
      config: loadConfig({}),
      resolvePrincipal: async () => null,
      resolveAccess: () => Promise.reject(new Error("nobody signs in here")),
    });
    server = http.app;
    await registerWebAppRoutes(server, { root });
    await server.listen({ port: 0, host: "127.0.0.1" });
    const address = server.server.address();
    client = new HttpClient(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
    client.mustNotSee = ["SECRET-OUTSIDE-THE-BUNDLE"];
  });
  afterAll(async () => {
    await server?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("serves the bundle's files and the page, and nothing beside them", async () => {
    const asset = await client.get("/assets/index-B2x_9f-Q.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expectCleanProblem(await client.get("/assets/missing-123.js"), 404, "ROUTE_NOT_FOUND");
    for (const path of [
      "/assets/..%2Fsecret.txt",
      "/assets/..%2F..%2Fsecret.txt",
      "/assets/%252e%252e%252fsecret.txt",
    ]) {
      expectCleanProblem(await client.get(path), 404, "ROUTE_NOT_FOUND");
    }
    for (const path of ["/o/customer/1", "/..%2fsecret.txt", "/o/%2e%2e%2f%2e%2e%2fsecret.txt"]) {
      const page = await client.get(path);
      expect(page.status, path).toBe(200);
      expect(page.text).toContain("<title>Keduo</title>");
    }
  });
});
