import type { FastifyInstance } from "fastify";
import type { ServerConfig } from "../../config.ts";
import "./auth.errors.ts";
import { registerSessionRoutes } from "./auth.routes.ts";
import type { AuthService } from "./auth.service.ts";
import { registerUserRoutes } from "./users.routes.ts";

export { AUTH_ERRORS } from "./auth.errors.ts";
export { type AuthDeps, type AuthService, createAuthService } from "./auth.service.ts";
export {
  type AdminGrant,
  createOrPromoteAdmin,
  DEFAULT_ADMIN_EMAIL,
  ensureFirstAdmin,
  type FirstAdmin,
} from "./first-admin.ts";
export { ADMIN_ROLE, type UserView } from "./users.ts";

/** Sign-in, sessions, API tokens and user administration. */
export async function registerAuthRoutes(
  app: FastifyInstance,
  deps: { auth: AuthService; config: ServerConfig },
) {
  await registerSessionRoutes(app, deps);
  await registerUserRoutes(app, deps);
}
