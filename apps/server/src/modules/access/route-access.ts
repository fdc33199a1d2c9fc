import { KeduoError, type SystemPermission } from "@keduo/core";
import type { AccessContext } from "./access-context.ts";

/**
 * Who may call a route. Every route declares one; `public` must be said explicitly. A system permission
 * (e.g. `manage_metadata`) is granted by roles — "admin" is a role holding them all, not a special case.
 * A list requires every permission in it (a backup needs `manage_users` and `view_all_data`): declared
 * here, not checked again inside the handler.
 */
export type RouteAccess =
  | "public"
  | "authenticated"
  | SystemPermission
  | readonly [SystemPermission, ...SystemPermission[]];

/** The caller, set by the auth plugin before any route handler runs. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  roles: string[];
  departmentId: string | null;
  via: "session" | "token";
  sessionId: string | null;
  tokenId: string | null;
  csrfToken: string | null;
  /** API-token scopes ("read", "write"); null for sessions, which may do all their user may. */
  scopes: string[] | null;
  /** The metadata version when the caller was resolved (same query), so reads need no second version read. */
  metadataVersion: number | null;
}

export function assertAccess(
  access: RouteAccess,
  principal: Principal | null,
  context: AccessContext | null,
): void {
  if (access === "public") return;
  if (!principal || !context) throw new KeduoError("UNAUTHENTICATED");
  if (access === "authenticated") return;
  const required = typeof access === "string" ? [access] : access;
  if (!required.every((permission) => context.permissions.system[permission]))
    throw new KeduoError("FORBIDDEN");
}

/** The request's access context; routes that are not public always have one. */
export function requireAccess(request: { access: AccessContext | null }): AccessContext {
  if (!request.access) throw new KeduoError("UNAUTHENTICATED");
  return request.access;
}
