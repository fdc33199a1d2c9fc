import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes as 43 base64url characters: session tokens, CSRF tokens, API token secrets. */
export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Session and API tokens are stored only as this digest: a leaked table does not let anyone sign in.
 * A plain SHA-256 is enough (unlike passwords) because the tokens are 256 random bits.
 */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export const API_TOKEN_PREFIX = "kd_";
const API_TOKEN_RE = /^kd_[A-Za-z0-9_-]{43}$/;

export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomSecret();
}

export function isApiTokenFormat(token: string): boolean {
  return API_TOKEN_RE.test(token);
}

/** What a token list shows, so a user can tell tokens apart without the secret. */
export function displayPrefix(token: string): string {
  return token.slice(0, 8);
}
