import { uuidv7 } from "@keduo/core";
import type { Db, Trx } from "../../db/database.ts";
import { displayPrefix, newApiToken, sha256Hex } from "./secrets.ts";

// Writing last_used_at on every request would turn each read into a write; a minute's precision is plenty.
export const LAST_USED_PRECISION_MS = 60_000;

export interface ApiTokenView {
  id: string;
  name: string;
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  scopes: TokenScope[];
}

export const TOKEN_SCOPES = ["read", "write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface CreatedApiToken extends ApiTokenView {
  /** Shown once, never stored. */
  token: string;
}

export async function createApiToken(
  trx: Trx,
  input: { userId: string; name: string; expiresAt: Date | null; scopes: TokenScope[]; now: Date },
): Promise<CreatedApiToken> {
  const token = newApiToken();
  const row = {
    id: uuidv7(input.now.getTime()),
    user_id: input.userId,
    name: input.name,
    token_hash: sha256Hex(token),
    token_prefix: displayPrefix(token),
    created_at: input.now,
    expires_at: input.expiresAt,
    scopes: input.scopes,
  };
  await trx.insertInto("api_tokens").values(row).execute();
  return {
    id: row.id,
    name: row.name,
    token_prefix: row.token_prefix,
    created_at: input.now.toISOString(),
    last_used_at: null,
    expires_at: input.expiresAt?.toISOString() ?? null,
    scopes: input.scopes,
    token,
  };
}

/** The user's tokens that are not revoked, newest first; never the secret or its hash. */
export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenView[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .select(["id", "name", "token_prefix", "created_at", "last_used_at", "expires_at", "scopes"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .orderBy("id", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    token_prefix: row.token_prefix,
    created_at: row.created_at.toISOString(),
    last_used_at: row.last_used_at?.toISOString() ?? null,
    expires_at: row.expires_at?.toISOString() ?? null,
    scopes: row.scopes as TokenScope[],
  }));
}

/** Revokes one of the user's own tokens; false when there is no such (unrevoked) token of theirs. */
export async function revokeApiToken(
  trx: Trx,
  input: { userId: string; tokenId: string; now: Date },
): Promise<boolean> {
  const result = await trx
    .updateTable("api_tokens")
    .set({ revoked_at: input.now })
    .where("id", "=", input.tokenId)
    .where("user_id", "=", input.userId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function touchApiToken(trx: Trx, tokenId: string, now: Date): Promise<void> {
  const staleBefore = new Date(now.getTime() - LAST_USED_PRECISION_MS);
  await trx
    .updateTable("api_tokens")
    .set({ last_used_at: now })
    .where("id", "=", tokenId)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<=", staleBefore)]))
    .execute();
}
