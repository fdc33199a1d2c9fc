import { randomUUID } from "node:crypto";
import { SYSTEM_PERMISSIONS } from "@keduo/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../test/test-app.ts";

// Adding a public route is a security decision: it must be added here, on purpose.
const PUBLIC_ROUTES = new Set([
  "GET /api/health",
  "POST /api/auth/login",
  "GET /api/openapi.json",
  // The web app's files (its SPA fallback `GET /*` is a catch-all the registry does not list).
  "GET /assets/:file",
  // An automation's inbound webhook: the secret token in the address is the key (ADR 0032).
  "POST /api/hooks/automations/:token",
]);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const label = (route: { method: string; url: string }) => `${route.method} ${route.url}`;
// Path parameters get a well-formed id, so a 401 cannot be explained away by a 400 or 404.
const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, () => randomUUID()).replace(/\*$/, "x");

describe("route access", () => {
  it("every registered route declares who may call it", () => {
    const routes = app.server.routes.routes;
    expect(routes.length).toBeGreaterThan(5);
    for (const route of routes) {
      const declared = typeof route.access === "string" ? [route.access] : route.access;
      for (const access of declared)
        expect(["public", "authenticated", ...SYSTEM_PERMISSIONS], label(route)).toContain(access);
      // The registry (filled by an onRoute hook that refuses routes without `access`) is the router's content.
      expect(app.server.app.hasRoute({ method: route.method as "GET", url: route.url }), label(route)).toBe(
        true,
      );
    }
  });

  it("only the allowlisted routes are public", () => {
    const publicRoutes = app.server.routes.routes.filter((route) => route.access === "public").map(label);
    expect(publicRoutes.filter((route) => !PUBLIC_ROUTES.has(route))).toEqual([]);
    expect(publicRoutes).toEqual(expect.arrayContaining(["GET /api/health", "POST /api/auth/login"]));
  });

  it("every other route answers 401 problem+json to an anonymous caller", async () => {
    const failures: string[] = [];
    for (const route of app.server.routes.routes) {
      if (route.access === "public") continue;
      const response = await app.anonymous.request(
        route.method,
        concrete(route.url),
        ["GET", "DELETE"].includes(route.method) ? undefined : {},
      );
      const problem = response.headers.get("content-type")?.startsWith("application/problem+json");
      if (response.status !== 401 || !problem || response.body?.code !== "UNAUTHENTICATED") {
        failures.push(`${label(route)} → ${response.status} ${response.text.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("every permission-guarded route answers 403 to a member and passes the admin through", async () => {
    const created = await app.admin.post("/api/users", {
      email: "member@keduo.test",
      name: "M",
      password: "password-123",
    });
    expect(created.status).toBe(201);
    const member = await app.login("member@keduo.test", "password-123");
    const failures: string[] = [];
    for (const route of app.server.routes.routes) {
      if (route.access === "public" || route.access === "authenticated") continue;
      const path = concrete(route.url);
      const body = ["GET", "DELETE"].includes(route.method) ? undefined : {};
      const asMember = await member.request(route.method, path, body);
      if (asMember.status !== 403 || asMember.body?.code !== "FORBIDDEN")
        failures.push(`member ${label(route)} → ${asMember.status}`);
      // The admin may get 400/404 for the made-up ids and empty bodies, but never 401/403.
      const asAdmin = await app.admin.request(route.method, path, body);
      if ([401, 403].includes(asAdmin.status)) failures.push(`admin ${label(route)} → ${asAdmin.status}`);
    }
    expect(failures).toEqual([]);
  });
});
