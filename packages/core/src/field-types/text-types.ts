import type { Translatable } from "../i18n/locale.ts";
import type { FieldDefinition, FieldTypeName } from "../metadata/definitions.ts";
import { emailProblem } from "../text/email-address.ts";
import { isStorableText } from "../text/storable-text.ts";
import {
  type FieldType,
  type FieldTypeContext,
  fail,
  ok,
  type Parsed,
  TEXT_OPERATORS,
} from "./field-type.ts";

/** Length in code points, so an emoji or a rare CJK character counts as one, as people count. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

interface TextTypeOptions {
  name: FieldTypeName;
  label: Translatable;
  defaultMaxLength: number;
  format?: string;
  /** Normalises a trimmed, non-empty value or rejects it. */
  normalise?: (value: string, ctx: FieldTypeContext) => string | null;
  /** A refusal with its own reason, checked on the trimmed, non-empty value before `normalise`. */
  refuse?: (value: string) => { code: string; params?: Record<string, string> } | null;
  trim?: boolean;
  sortable?: boolean;
  operators?: FieldType["operators"];
}

function parseText(value: unknown, field: FieldDefinition, options: TextTypeOptions, ctx: FieldTypeContext) {
  if (typeof value !== "string") return fail("invalid_type", { expected: "text" });
  if (!isStorableText(value)) return fail("invalid_characters");
  let text = options.trim === false ? value : value.trim();
  if (text === "") return ok(null);
  const refusal = options.refuse?.(text);
  if (refusal) return fail(refusal.code, refusal.params);
  if (options.normalise) {
    const normalised = options.normalise(text, ctx);
    if (normalised === null) return fail("invalid_format", { format: options.format ?? options.name });
    text = normalised;
  }
  const max = field.config.max_length ?? options.defaultMaxLength;
  if (codePointLength(text) > max) return fail("too_long", { max });
  return ok(text);
}

export function textLikeType(options: TextTypeOptions): FieldType {
  return {
    name: options.name,
    label: options.label,
    resolveConfig(config, issues) {
      const max = config.max_length ?? options.defaultMaxLength;
      if (!Number.isInteger(max) || max < 1 || max > options.defaultMaxLength * 10) {
        issues.push({ field: "config.max_length", code: "out_of_range" });
      }
      return { max_length: max };
    },
    columns: (field) => [{ name: field.apiName, sqlType: "text" }],
    jsonSchema: (field) => ({
      type: ["string", "null"],
      maxLength: field.config.max_length ?? options.defaultMaxLength,
      ...(options.format ? { format: options.format } : {}),
    }),
    toColumns(value, field, ctx) {
      if (value === null || value === undefined) return ok({ [field.apiName]: null });
      const parsed = parseText(value, field, options, ctx);
      return parsed.ok ? ok({ [field.apiName]: parsed.value }) : parsed;
    },
    fromColumns: (row, field) => row[field.apiName] ?? null,
    parseOperand(value): Parsed<unknown> {
      if (typeof value !== "string" && typeof value !== "number")
        return fail("invalid_type", { expected: "text" });
      if (typeof value === "string" && !isStorableText(value)) return fail("invalid_characters");
      return ok(String(value));
    },
    operators: options.operators ?? TEXT_OPERATORS,
    sortable: options.sortable ?? true,
    supportsUnique: options.sortable ?? true,
    supportsIndex: options.sortable ?? true,
  };
}

const PHONE = /^\+?[0-9][0-9 ()-]{2,30}[0-9]$/;

export const textType = textLikeType({
  name: "text",
  label: { "zh-CN": "单行文本", en: "Text" },
  defaultMaxLength: 255,
});

export const longTextType = textLikeType({
  name: "long_text",
  label: { "zh-CN": "多行文本", en: "Long text" },
  defaultMaxLength: 10_000,
  trim: false,
  sortable: false,
  operators: ["contains", "is_empty", "is_not_empty"],
});

export const richTextType = textLikeType({
  name: "rich_text",
  label: { "zh-CN": "富文本", en: "Rich text" },
  defaultMaxLength: 100_000,
  trim: false,
  sortable: false,
  operators: ["contains", "is_empty", "is_not_empty"],
  // Sanitised on the server so stored HTML is always safe to render.
  normalise: (html, ctx) => ctx.sanitizeHtml(html),
});

export const emailType = textLikeType({
  name: "email",
  label: { "zh-CN": "邮箱", en: "Email" },
  defaultMaxLength: 254,
  // Stored as typed, a Unicode domain included (issue 15 part 7), so the schema says idn-email, not email.
  format: "idn-email",
  refuse: emailProblem,
});

export const phoneType = textLikeType({
  name: "phone",
  label: { "zh-CN": "电话", en: "Phone" },
  defaultMaxLength: 40,
  format: "phone",
  normalise: (value) => (PHONE.test(value) ? value : null),
});

export const urlType = textLikeType({
  name: "url",
  label: { "zh-CN": "网址", en: "URL" },
  defaultMaxLength: 2048,
  format: "uri",
  normalise: (value) => {
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? value : null;
    } catch {
      return null;
    }
  },
});
