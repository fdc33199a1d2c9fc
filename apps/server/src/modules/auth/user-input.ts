import { type FieldIssue, isLocale } from "@keduo/core";
import type { Db } from "../../db/database.ts";
import { findRoleIds } from "./users.ts";

export const MAX_EMAIL_LENGTH = 254;
export const MAX_NAME_LENGTH = 200;
// Deliberately loose: the only proof an address works is mail arriving; this catches typos like a missing @.
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

export function normaliseEmail(issues: FieldIssue[], field: string, email: string): string {
  const trimmed = email.trim();
  if (trimmed.length > MAX_EMAIL_LENGTH)
    issues.push({ field, code: "too_long", params: { max: MAX_EMAIL_LENGTH } });
  else if (!EMAIL_RE.test(trimmed))
    issues.push({ field, code: "invalid_format", params: { format: "email" } });
  return trimmed;
}

export function normaliseName(issues: FieldIssue[], field: string, name: string): string {
  const trimmed = name.trim();
  if (!trimmed) issues.push({ field, code: "required" });
  else if (trimmed.length > MAX_NAME_LENGTH)
    issues.push({ field, code: "too_long", params: { max: MAX_NAME_LENGTH } });
  return trimmed;
}

export function checkLocale(issues: FieldIssue[], field: string, locale: string | null): string | null {
  if (locale !== null && !isLocale(locale))
    issues.push({ field, code: "invalid_option", params: { value: locale } });
  return locale;
}

/** Role ids for the given api_names, with an issue for each name that is not a role. */
export async function resolveRoles(
  db: Db,
  issues: FieldIssue[],
  field: string,
  names: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(names)];
  const ids = await findRoleIds(db, unique);
  for (const name of unique) {
    if (!ids.has(name)) issues.push({ field, code: "invalid_option", params: { value: name } });
  }
  return [...ids.values()];
}

export function emailTakenIssue(field: string, email: string): FieldIssue {
  return {
    field,
    code: "not_unique",
    params: { value: email },
    message: {
      "zh-CN": "邮箱“{value}”已被其他用户使用",
      en: "The email “{value}” is already used by another user",
    },
  };
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "23505";
}
