import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import { KeduoError, negotiateLocale } from "@keduo/core";
import Fastify, { type FastifyInstance } from "fastify";
import type { LogLevel, ServerConfig } from "../config.ts";
import { type AccessContext, assertAccess, type Principal } from "../modules/access/index.ts";
import { SESSION_COOKIE } from "../modules/auth/index.ts";
import { configureFormats } from "./ajv-formats.ts";
import "./fastify-types.ts";
import "./http.errors.ts";
import { refuseNonFiniteNumbers } from "./finite-number-hook.ts";
import { errorHandler } from "./problem.ts";
import { RouteRegistry } from "./route-registry.ts";
import { refuseUnstorableText } from "./storable-text-hook.ts";

export interface HttpDependencies {
  config: ServerConfig;
  /** Resolves the caller from the session cookie or bearer token; null when anonymous. */
  resolvePrincipal(credentials: {
    sessionToken: string | undefined;
    bearerToken: string | undefined;
  }): Promise<Principal | null>;
  /** The caller's rights against the current metadata version. */
  resolveAccess(principal: Principal, options: { forWrite: boolean }): Promise<AccessContext>;
  /** Off (tests), or pino at a level (KEDUO_LOG_LEVEL); `true` is pino's default, info. */
  logger?: boolean | { level: LogLevel };
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The Fastify app with the cross-cutting parts every route relies on: locale, principal, access, CSRF, problem+json. */
export async function createHttpApp(
  deps: HttpDependencies,
): Promise<{ app: FastifyInstance; routes: RouteRegistry }> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: true },
      onCreate: configureFormats,
    },
    // Errors raised before routing (an undecodable URL) get problem+json too, in the caller's language.
    frameworkErrors: (error, request, reply) => {
      request.locale = negotiateLocale(request.headers["accept-language"], deps.config.locale);
      return errorHandler(error, request, reply);
    },
  });
  const routes = new RouteRegistry();
  app.addHook("onRoute", (route) => routes.record(route));
  app.decorateRequest("locale", deps.config.locale);
  app.decorateRequest("principal", null);
  app.decorateRequest("access", null);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request) => {
    throw new KeduoError("ROUTE_NOT_FOUND", {
      params: { method: request.method, url: request.url.split("?")[0] ?? "" },
    });
  });

  await app.register(cookie);
  await app.register(helmet, { contentSecurityPolicy: false });
  await app.register(rateLimit, { global: false });

  app.addHook("onRequest", async (request) => {
    request.locale = negotiateLocale(request.headers["accept-language"], deps.config.locale);
    const authorization = request.headers.authorization;
    const bearerToken = authorization?.startsWith("Bearer ") ? authorization.slice(7).trim() : undefined;
    request.principal = await deps.resolvePrincipal({
      sessionToken: request.cookies[SESSION_COOKIE],
      bearerToken,
    });
    // Checked here, before the body is parsed and validated: an anonymous caller gets 401, not schema
    // errors that describe the route, and cannot make the server parse large bodies.
    const access = request.routeOptions.config.access ?? "authenticated";
    // Public routes get the caller's rights too when signed in (the OpenAPI document is per role).
    if (request.principal) {
      const forWrite = UNSAFE_METHODS.has(request.method) && !request.routeOptions.config.freshMetadata;
      request.access = await deps.resolveAccess(request.principal, { forWrite });
    }
    assertAccess(access, request.principal, request.access);
    // Cookies are sent by browsers automatically, so a cookie-authenticated write must prove it came from our page.
    const principal = request.principal;
    if (principal?.scopes && UNSAFE_METHODS.has(request.method) && !principal.scopes.includes("write")) {
      throw new KeduoError("TOKEN_SCOPE_INSUFFICIENT");
    }
    if (principal?.via === "session" && UNSAFE_METHODS.has(request.method)) {
      if (request.headers["x-csrf-token"] !== principal.csrfToken) throw new KeduoError("CSRF_TOKEN_INVALID");
    }
  });

  // After the body is parsed, before schema validation and every handler.
  app.addHook("preValidation", refuseUnstorableText);
  app.addHook("preHandler", refuseNonFiniteNumbers);

  return { app, routes };
}
