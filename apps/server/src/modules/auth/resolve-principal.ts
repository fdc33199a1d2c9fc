import type { ExpressionBuilder } from "kysely";
import type { Database } from "../../db/database.ts";
import { executePrepared } from "../../db/prepared.ts";
import type { SystemTables } from "../../db/system-tables.ts";
import type { Principal } from "../access/index.ts";
import { LAST_USED_PRECISION_MS } from "./api-tokens.ts";
import { isApiTokenFormat, sha256Hex } from "./secrets.ts";
import { rolesOfUser } from "./users.ts";

export interface Credentials {
  sessionToken?: string | undefined;
  bearerToken?: string | undefined;
}

export interface ResolvedToken {
  principal: Principal;
  /** Set when last_used_at is older than its precision and should be written. */
  staleLastUsed: boolean;
}

/**
 * The metadata version, read in the same query as the caller: the request's access context then needs no
 * separate version read (one round trip less on every request; DESIGN ADR 0004's check stays per request).
 */
function metadataVersion(eb: ExpressionBuilder<SystemTables, "users">) {
  return eb.selectFrom("meta_version").select("version").where("meta_version.id", "=", 1).as("meta_version");
}

// No cache on purpose: a disabled user, a revoked token or an expired session must stop working at
// once, and this is one indexed query (session or token → user → roles), planned once per connection.

export async function findSessionPrincipal(
  database: Pick<Database, "db" | "pool" | "engine">,
  sessionToken: string,
  now: Date,
): Promise<Principal | null> {
  const query = database.db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select((eb) => [
      "users.id as user_id",
      "users.email",
      "users.name",
      "users.department_id",
      "sessions.id as session_id",
      "sessions.csrf_token",
      rolesOfUser(eb),
      metadataVersion(eb),
    ])
    .where("sessions.id", "=", sha256Hex(sessionToken))
    .where("sessions.expires_at", ">", now)
    .where("users.status", "=", "active");
  const [row] = await executePrepared(database, query);
  if (!row) return null;
  return {
    userId: row.user_id,
    email: row.email,
    name: row.name,
    roles: row.roles ?? [],
    departmentId: row.department_id,
    via: "session",
    scopes: null,
    metadataVersion: Number(row.meta_version),
    sessionId: row.session_id,
    tokenId: null,
    csrfToken: row.csrf_token,
  };
}

export async function findTokenPrincipal(
  database: Pick<Database, "db" | "pool" | "engine">,
  bearerToken: string,
  now: Date,
): Promise<ResolvedToken | null> {
  // Malformed tokens never reach the database.
  if (!isApiTokenFormat(bearerToken)) return null;
  const query = database.db
    .selectFrom("api_tokens")
    .innerJoin("users", "users.id", "api_tokens.user_id")
    .select((eb) => [
      "users.id as user_id",
      "users.email",
      "users.name",
      "users.department_id",
      "api_tokens.id as token_id",
      "api_tokens.last_used_at",
      "api_tokens.scopes",
      rolesOfUser(eb),
      metadataVersion(eb),
    ])
    .where("api_tokens.token_hash", "=", sha256Hex(bearerToken))
    .where("api_tokens.revoked_at", "is", null)
    .where((eb) => eb.or([eb("api_tokens.expires_at", "is", null), eb("api_tokens.expires_at", ">", now)]))
    .where("users.status", "=", "active");
  const [row] = await executePrepared(database, query);
  if (!row) return null;
  const lastUsed = row.last_used_at?.getTime() ?? Number.NEGATIVE_INFINITY;
  return {
    principal: {
      userId: row.user_id,
      email: row.email,
      name: row.name,
      roles: row.roles ?? [],
      departmentId: row.department_id,
      via: "token",
      scopes: row.scopes,
      metadataVersion: Number(row.meta_version),
      sessionId: null,
      tokenId: row.token_id,
      csrfToken: null,
    },
    staleLastUsed: now.getTime() - lastUsed >= LAST_USED_PRECISION_MS,
  };
}
