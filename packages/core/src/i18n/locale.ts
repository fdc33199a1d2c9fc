export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** A text shown to people, in every supported language. */
export type Translatable = Record<Locale, string>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the best supported locale from an Accept-Language header.
 * @example negotiateLocale("en-US,en;q=0.9,zh;q=0.8", "zh-CN") // "en"
 */
export function negotiateLocale(header: string | undefined, fallback: Locale = DEFAULT_LOCALE): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return fallback;
}

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a missing parameter is noticed. */
export function interpolate(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A text given in at least one language (the other may be blank): what labels and messages need. */
export function isGivenText(value: unknown): value is Translatable {
  if (typeof value !== "object" || value === null) return false;
  const text = value as Translatable;
  return (
    typeof text["zh-CN"] === "string" &&
    typeof text.en === "string" &&
    (text["zh-CN"].trim() !== "" || text.en.trim() !== "")
  );
}

/** Both languages filled, trimmed: a blank one falls back to the other (like field and option labels). */
export function inBothLanguages(text: Translatable): Translatable {
  return { "zh-CN": text["zh-CN"].trim() || text.en.trim(), en: text.en.trim() || text["zh-CN"].trim() };
}
