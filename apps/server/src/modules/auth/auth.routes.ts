import { KeduoError } from "@keduo/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ServerConfig } from "../../config.ts";
import type { TokenScope } from "./api-tokens.ts";
import {
  createdTokenSchema,
  createTokenBody,
  idParams,
  loginBody,
  sessionResponse,
  tokenSchema,
  updateProfileBody,
  userSchema,
} from "./auth.schemas.ts";
import type { AuthService } from "./auth.service.ts";
import { requirePrincipal } from "./require-principal.ts";
import { SESSION_COOKIE } from "./session-cookie.ts";
import { SESSION_LIFETIME_MS } from "./sessions.ts";
import type { UpdateProfileInput } from "./users.service.ts";

const tags = ["auth"];

function cookieOptions(request: FastifyRequest) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: request.protocol === "https",
    // Relative, so the browser's expiry does not depend on its clock agreeing with ours.
    maxAge: SESSION_LIFETIME_MS / 1000,
  };
}

function loginRateLimitKey(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return `${request.ip}|${typeof email === "string" ? email.trim().toLowerCase() : ""}`;
}

export async function registerSessionRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; config: ServerConfig },
) {
  const { auth, config } = deps;

  app.post<{ Body: { email: string; password: string } }>(
    "/api/auth/login",
    {
      config: {
        access: "public",
        summary: "Sign in with email and password; sets the session cookie",
        tags,
        rateLimit: {
          max: config.loginRateLimit.max,
          timeWindow: config.loginRateLimit.windowMs,
          // After body parsing, so the key can include the email; before validation, so bad bodies count too.
          hook: "preValidation",
          keyGenerator: loginRateLimitKey,
          errorResponseBuilder: (_request, context) =>
            new KeduoError("RATE_LIMITED", {
              params: { retry_after: Math.max(1, Math.ceil(context.ttl / 1000)) },
            }),
        },
      },
      schema: { body: loginBody, response: { 200: sessionResponse } },
    },
    async (request, reply) => {
      const userId = await auth.verifyCredentials(request.body.email, request.body.password);
      const { session, user } = await auth.transaction((trx) =>
        auth.startSession(trx, { userId, ip: request.ip, userAgent: request.headers["user-agent"] ?? null }),
      );
      reply.setCookie(SESSION_COOKIE, session.token, cookieOptions(request));
      return { user, csrf_token: session.csrfToken, via: "session" };
    },
  );

  app.post(
    "/api/auth/logout",
    {
      config: { access: "authenticated", summary: "Sign out: ends the session and clears its cookie", tags },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      await auth.transaction((trx) => auth.endSession(trx, principal));
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/auth/me",
    {
      config: { access: "authenticated", summary: "The signed-in user", tags },
      schema: { response: { 200: sessionResponse } },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return {
        user: await auth.getUser(principal.userId),
        csrf_token: principal.csrfToken,
        via: principal.via,
        // What the UI may offer (designer, user admin …); the server checks every call anyway.
        permissions: grantedSystemPermissions(request),
        // Dates on the page count days as the organisation does, not as the browser's clock does.
        time_zone: config.timeZone,
      };
    },
  );

  app.patch<{ Body: UpdateProfileInput }>(
    "/api/auth/me",
    {
      config: { access: "authenticated", summary: "Change your own name, language or password", tags },
      schema: {
        body: updateProfileBody,
        response: { 200: { type: "object", properties: { user: userSchema } } },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const user = await auth.transaction((trx) => auth.updateProfile(trx, principal, request.body));
      return { user };
    },
  );

  app.post<{ Body: { name: string; expires_at?: string; scopes?: TokenScope[] } }>(
    "/api/auth/tokens",
    {
      config: {
        access: "authenticated",
        summary: "Create an API token (the token is shown only once)",
        tags,
      },
      schema: { body: createTokenBody, response: { 201: createdTokenSchema } },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const token = await auth.transaction((trx) => auth.createToken(trx, principal, request.body));
      return reply.status(201).send(token);
    },
  );

  app.get(
    "/api/auth/tokens",
    {
      config: { access: "authenticated", summary: "Your API tokens (without their secrets)", tags },
      schema: {
        response: { 200: { type: "object", properties: { items: { type: "array", items: tokenSchema } } } },
      },
    },
    async (request) => ({ items: await auth.listTokens(requirePrincipal(request)) }),
  );

  app.delete<{ Params: { id: string } }>(
    "/api/auth/tokens/:id",
    {
      config: { access: "authenticated", summary: "Revoke one of your API tokens", tags },
      schema: { params: idParams },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      await auth.transaction((trx) => auth.revokeToken(trx, principal, request.params.id));
      return reply.status(204).send();
    },
  );
}

interface RequestWithAccess {
  access: { permissions: { system: Record<string, boolean> } } | null;
}

function grantedSystemPermissions(request: RequestWithAccess): string[] {
  const system = request.access?.permissions.system ?? {};
  return Object.keys(system).filter((name) => system[name]);
}
