import type { Locale, SelectOption } from "@keduo/core";
import { pinyin } from "pinyin-pro";

/** How a cell's text was matched to an option, from the surest rule to the loosest. */
export type MatchRule = "exact" | "normalized" | "suffix" | "pinyin";

export interface OptionMatch {
  value: string;
  by: MatchRule;
}

/** Full-width to half-width (ＡＢ１ → AB1), lower case, no spaces: what people vary without meaning to. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

/** Level words people add to a tier: A类, 1级, 一等, B型, 重点客户 stays. */
const LEVEL_SUFFIX = /(类|级|等|型|档|级别|等级|类别)$/;

const stripSuffix = (key: string) => {
  const stripped = key.replace(LEVEL_SUFFIX, "");
  return stripped === "" ? key : stripped;
};

/** Latin letters of a Chinese label: 重点 → zhongdian (whole pinyin) and zd (initials). */
function pinyinKeys(label: string): string[] {
  if (!/[\u4e00-\u9fff]/.test(label)) return [];
  const syllables = pinyin(label, { toneType: "none", type: "array", nonZh: "consecutive" });
  const whole = normalizeText(syllables.join(""));
  const initials = normalizeText(syllables.map((s) => s[0] ?? "").join(""));
  return initials.length > 1 ? [whole, initials] : [whole];
}

/** A key that names two options matches neither: better asked than guessed. */
const AMBIGUOUS = "\u0000";

function addKey(keys: Map<string, string>, key: string, value: string) {
  if (!key) return;
  const current = keys.get(key);
  keys.set(key, current === undefined || current === value ? value : AMBIGUOUS);
}

const CACHE_LIMIT = 10_000;

/**
 * Matches cell texts to a select field's options, built once per column: exact label or value; then the
 * same ignoring case, width and spaces; then without a level suffix (A类 → A, 1级 → 1); then by the pinyin
 * of the zh-CN label (zhongdian, zd → 重点). A text two options could mean matches none. Results are cached
 * per distinct text, so a column of a few tiers costs one map lookup per cell.
 */
export class OptionMatcher {
  private readonly exact = new Map<string, string>();
  private readonly normalized = new Map<string, string>();
  private readonly stripped = new Map<string, string>();
  private readonly pinyin = new Map<string, string>();
  private readonly cache = new Map<string, OptionMatch | null>();
  readonly options: SelectOption[];

  constructor(options: SelectOption[]) {
    this.options = options;
    for (const option of options) {
      const names = [option.value, option.labels["zh-CN"], option.labels.en].map((n) => n.trim());
      for (const name of names) {
        addKey(this.exact, name, option.value);
        addKey(this.normalized, normalizeText(name), option.value);
        addKey(this.stripped, stripSuffix(normalizeText(name)), option.value);
      }
      for (const key of pinyinKeys(option.labels["zh-CN"])) {
        addKey(this.pinyin, key, option.value);
        addKey(this.pinyin, stripSuffix(key), option.value);
      }
    }
  }

  match(text: string): OptionMatch | null {
    const cached = this.cache.get(text);
    if (cached !== undefined) return cached;
    const found = this.find(text.trim());
    if (this.cache.size < CACHE_LIMIT) this.cache.set(text, found);
    return found;
  }

  private find(text: string): OptionMatch | null {
    const key = normalizeText(text);
    const attempts: Array<[Map<string, string>, string, MatchRule]> = [
      [this.exact, text, "exact"],
      [this.normalized, key, "normalized"],
      [this.stripped, stripSuffix(key), "suffix"],
      [this.pinyin, key, "pinyin"],
      [this.pinyin, stripSuffix(key), "pinyin"],
    ];
    for (const [keys, wanted, by] of attempts) {
      const value = keys.get(wanted);
      if (value === AMBIGUOUS) return null;
      if (value !== undefined) return { value, by };
    }
    return null;
  }

  /** The options as a problem message lists them: labels in the import's language (at most 30). */
  allowed(locale: Locale): string {
    const labels = this.options.map((o) => o.labels[locale] || o.value);
    const separator = locale === "zh-CN" ? "、" : ", ";
    return labels.length > 30 ? `${labels.slice(0, 30).join(separator)}…` : labels.join(separator);
  }
}
