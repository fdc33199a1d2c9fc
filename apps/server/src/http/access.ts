import { KeduoError } from "@keduo/core";

/** Who may call a route. Every route declares one; `public` must be said explicitly. */
export type RouteAccess = "public" | "authenticated" | "admin";

/** The caller, set by the auth plugin before any route handler runs. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  roles: string[];
  via: "session" | "token";
  sessionId: string | null;
  tokenId: string | null;
  csrfToken: string | null;
}

export function isAdmin(principal: Principal | null): boolean {
  return principal?.roles.includes("admin") ?? false;
}

export function assertAccess(access: RouteAccess, principal: Principal | null): void {
  if (access === "public") return;
  if (!principal) throw new KeduoError("UNAUTHENTICATED");
  if (access === "admin" && !isAdmin(principal)) throw new KeduoError("FORBIDDEN");
}
