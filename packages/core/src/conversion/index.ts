import type { Translatable } from "../i18n/locale.ts";

/*
 * Record conversion (ADR 0027): one record becomes several — a lead becomes an account, a contact and an
 * opportunity — in one transaction, configured per source object as metadata.
 */

export interface ConversionTarget {
  /** Names the target in requests and links (`account`). */
  key: string;
  object: string;
  labels: Translatable;
  /** Target field ← source field: the values a new target record starts with. */
  fields: Record<string, string>;
  /** Target relation field ← the key of a target earlier in the list (the contact's `account`). */
  links?: Record<string, string>;
  /** Target fields whose values, compared with the mapped ones, find an existing record to attach to instead. */
  match?: string[];
  /** The user may leave this target out (an opportunity when there is none yet). */
  optional?: boolean;
}

export interface ConversionDefinition {
  targets: ConversionTarget[];
  /** Source relation field ← target key: where the source keeps what it became. */
  back_links?: Record<string, string>;
  /** Values the source takes once converted (`{"status": "converted"}`), so it leaves the open lists. */
  set?: Record<string, unknown>;
}

/** What the user decided for one target. */
export type ConversionChoice =
  | { action: "create"; values?: Record<string, unknown> }
  | { action: "attach"; id: string }
  | { action: "skip" };

/** A record that may be the same as a target about to be created. */
export interface ConversionDuplicate {
  id: string;
  title: string | null;
  /** The match fields whose values are the same. */
  matched: string[];
}

/**
 * A company name as people write it in different ways, for finding duplicates: case, spaces and punctuation
 * are ignored, and so is the legal form at the end (有限公司, 股份有限公司, Co., Ltd., Inc. …).
 */
export function normalizeCompanyName(name: string): string {
  let text = name.normalize("NFKC").toLowerCase();
  text = text.replace(/[\s\p{P}\p{S}]+/gu, "");
  const suffix =
    /(股份有限公司|有限责任公司|集团有限公司|有限公司|集团|公司|coltd|corporation|company|limited|corp|inc|ltd|llc|co)$/u;
  for (let i = 0; i < 3 && suffix.test(text); i++) text = text.replace(suffix, "");
  return text;
}

/** Digits of a phone number without a leading country code 86 (138 0013 8000 = +86 13800138000). */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return digits.length > 11 && digits.startsWith("86") ? digits.slice(2) : digits;
}
