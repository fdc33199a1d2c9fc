import { type Clock, type FieldIssue, KeduoError } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database, Trx } from "../../db/database.ts";
import type { Principal } from "../access/index.ts";
import { appendAudit } from "../audit/index.ts";
import type { TokenScope } from "./api-tokens.ts";
import {
  type ApiTokenView,
  type CreatedApiToken,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from "./api-tokens.ts";
import { verifyAgainstDummy, verifyPassword } from "./passwords.ts";
import { type Credentials, findSessionPrincipal, findTokenPrincipal } from "./resolve-principal.ts";
import { createSession, deleteSession, type NewSession } from "./sessions.ts";
import { normaliseName } from "./user-input.ts";
import {
  type CreateUserInput,
  createUser,
  findUserOrThrow,
  type UpdateProfileInput,
  type UpdateUserInput,
  updateOwnProfile,
  updateUser,
} from "./users.service.ts";
import { findUserForLogin, listUserViews, type UserView } from "./users.ts";

export interface AuthDeps {
  database: Database;
  clock: Clock;
  config: ServerConfig;
}

export interface LoginResult {
  session: NewSession;
  user: UserView;
}

export interface AuthService {
  resolvePrincipal(credentials: Credentials): Promise<Principal | null>;
  /** Routes open the transaction every writing method takes. */
  transaction<T>(work: (trx: Trx) => Promise<T>): Promise<T>;
  /** The user id behind an email and password; INVALID_CREDENTIALS alike for every kind of failure. */
  verifyCredentials(email: string, password: string): Promise<string>;
  startSession(
    trx: Trx,
    input: { userId: string; ip: string | null; userAgent: string | null },
  ): Promise<LoginResult>;
  endSession(trx: Trx, principal: Principal): Promise<void>;
  getUser(userId: string): Promise<UserView>;
  updateProfile(trx: Trx, principal: Principal, input: UpdateProfileInput): Promise<UserView>;
  createToken(
    trx: Trx,
    principal: Principal,
    input: { name: string; expires_at?: string; scopes?: TokenScope[] },
  ): Promise<CreatedApiToken>;
  listTokens(principal: Principal): Promise<ApiTokenView[]>;
  revokeToken(trx: Trx, principal: Principal, tokenId: string): Promise<void>;
  listUsers(page: { limit: number; after: string | null }): Promise<UserView[]>;
  createUser(trx: Trx, input: CreateUserInput): Promise<UserView>;
  updateUser(trx: Trx, actor: Principal, userId: string, input: UpdateUserInput): Promise<UserView>;
}

export function createAuthService(deps: AuthDeps): AuthService {
  const { database, clock } = deps;
  const db = database.db;
  return {
    async resolvePrincipal({ sessionToken, bearerToken }) {
      const now = clock.now();
      // A bearer token is an explicit choice of the caller, so it wins over a cookie the browser sent along.
      if (bearerToken !== undefined) {
        const resolved = await findTokenPrincipal(database, bearerToken, now);
        if (!resolved) return null;
        if (resolved.staleLastUsed) {
          // Token use is audited at the precision of last_used_at (once a minute per token), not per request.
          await db.transaction().execute(async (trx) => {
            await touchApiToken(trx, resolved.principal.tokenId!, now);
            const tokenId = resolved.principal.tokenId;
            await appendAudit(
              trx,
              [
                {
                  action: "auth.token_use",
                  actorId: resolved.principal.userId,
                  via: "token",
                  details: { token_id: tokenId },
                },
              ],
              now,
            );
          });
        }
        return resolved.principal;
      }
      if (sessionToken) return findSessionPrincipal(database, sessionToken, now);
      return null;
    },

    transaction: (work) => db.transaction().execute(work),

    async verifyCredentials(email, password) {
      const user = await findUserForLogin(db, email.trim());
      if (!user?.password_hash) await verifyAgainstDummy(password);
      else if ((await verifyPassword(user.password_hash, password)) && user.status === "active")
        return user.id;
      // Failed logins are audited with the email tried (never the password).
      const details = { email: email.trim().toLowerCase().slice(0, 254) };
      await appendAudit(
        db,
        [{ action: "auth.login_failure", actorId: user?.id ?? null, details }],
        clock.now(),
      );
      throw new KeduoError("INVALID_CREDENTIALS");
    },

    async startSession(trx, input) {
      const session = await createSession(trx, { ...input, now: clock.now() });
      await appendAudit(
        trx,
        [{ action: "auth.login_success", actorId: input.userId, ip: input.ip, via: "session" }],
        clock.now(),
      );
      return { session, user: await findUserOrThrow(trx, input.userId) };
    },

    async endSession(trx, principal) {
      if (principal.sessionId) await deleteSession(trx, principal.sessionId);
    },

    getUser: (userId) => findUserOrThrow(db, userId),
    updateProfile: (trx, principal, input) => updateOwnProfile(trx, principal, input, clock.now()),

    async createToken(trx, principal, input) {
      const now = clock.now();
      const issues: FieldIssue[] = [];
      const name = normaliseName(issues, "name", input.name);
      const expiresAt = input.expires_at ? new Date(input.expires_at) : null;
      if (expiresAt && !(expiresAt.getTime() > now.getTime())) {
        issues.push({
          field: "expires_at",
          code: "out_of_range",
          message: { "zh-CN": "过期时间必须晚于当前时间", en: "The expiry must be in the future" },
        });
      }
      if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
      const scopes = input.scopes ?? ["read", "write"];
      // A token can never hold more than the session or token that creates it.
      if (principal.scopes && scopes.some((scope) => !principal.scopes!.includes(scope)))
        throw new KeduoError("FORBIDDEN");
      return createApiToken(trx, { userId: principal.userId, name, expiresAt, scopes, now });
    },

    listTokens: (principal) => listApiTokens(db, principal.userId),

    async revokeToken(trx, principal, tokenId) {
      const revoked = await revokeApiToken(trx, { userId: principal.userId, tokenId, now: clock.now() });
      if (!revoked) throw new KeduoError("NOT_FOUND");
    },

    listUsers: (page) => listUserViews(db, page),
    createUser: (trx, input) => createUser(trx, input, clock.now(), database.schemas),
    updateUser: (trx, actor, userId, input) =>
      updateUser(trx, actor, userId, input, clock.now(), database.schemas),
  };
}
