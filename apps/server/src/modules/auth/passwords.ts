import { randomBytes } from "node:crypto";
import type { FieldIssue } from "@keduo/core";
import { type Algorithm, hash, verify } from "@node-rs/argon2";

export const MIN_PASSWORD_LENGTH = 8;
// argon2 cost grows with input; a bound keeps a huge "password" from becoming a CPU attack.
export const MAX_PASSWORD_LENGTH = 1024;

// `Algorithm` is an ambient const enum, which isolated modules cannot read at runtime: 2 is Argon2id.
const ARGON2ID: Algorithm = 2;
// OWASP Password Storage Cheat Sheet, argon2id minimum: m=19 MiB, t=2, p=1.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed check, not a server error.
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as a real check, so an unknown email or a disabled account cannot be told
 * apart from a wrong password by timing. Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(18).toString("base64url"));
  await verifyPassword(await dummyHash, password);
  return false;
}

/** 18 random bytes: 24 base64url characters, about 144 bits. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export function checkPasswordPolicy(field: string, password: string): FieldIssue | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return { field, code: "too_short", params: { min: MIN_PASSWORD_LENGTH } };
  if (password.length > MAX_PASSWORD_LENGTH)
    return { field, code: "too_long", params: { max: MAX_PASSWORD_LENGTH } };
  return null;
}
