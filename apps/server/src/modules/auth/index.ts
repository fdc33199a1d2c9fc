import "./auth.errors.ts";

export { AUTH_ERRORS } from "./auth.errors.ts";
export { type AuthDeps, type AuthService, createAuthService } from "./auth.service.ts";
export {
  type AdminGrant,
  createOrPromoteAdmin,
  DEFAULT_ADMIN_EMAIL,
  ensureFirstAdmin,
  type FirstAdmin,
} from "./first-admin.ts";
export { fillMissingSearchKeys } from "./people.ts";
export { SESSION_COOKIE } from "./session-cookie.ts";
export { ADMIN_ROLE, type UserView } from "./users.ts";
