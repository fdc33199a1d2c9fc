import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectCleanProblem } from "../test/problems.ts";
import { startTestApp, type TestApp, testEngine } from "../test/test-app.ts";

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
