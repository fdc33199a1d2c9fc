import {
  apiNameWords,
  isReservedFieldName,
  isReservedObjectName,
  isValidApiName,
  joinApiNameWords,
  type Translatable,
} from "@keduo/core";
import { pinyin } from "pinyin-pro";

const MAX = 40;

/** Latin words of a label: a Chinese one read as pinyin syllables (年营收 → nian ying shou), others as written. */
function words(label: string): string[] {
  const text = /[\u3400-\u9fff]/.test(label)
    ? pinyin(label, { toneType: "none", type: "array", nonZh: "consecutive", v: true }).join(" ")
    : label;
  return apiNameWords(text);
}

/**
 * An API name for a new object or field made from its label, so an admin never has to invent one: the
 * Chinese label as pinyin words (年营收 → `nian_ying_shou`), else the English one (Annual revenue →
 * `annual_revenue`); a leading digit gets a letter, long names are cut at a word, and a name that is taken
 * or reserved gets `_2`, `_3`…
 */
export function apiNameFromLabels(
  labels: Partial<Translatable> | null | undefined,
  kind: "object" | "field",
  taken: ReadonlySet<string>,
): string {
  const source = [labels?.["zh-CN"], labels?.en].find((l) => typeof l === "string" && l.trim() !== "") ?? "";
  let base = joinApiNameWords(words(source), MAX - 3);
  if (!/^[a-z]/.test(base)) base = `${kind === "object" ? "o" : "f"}_${base}`.replace(/_$/, "");
  if (base.length < 2) base = kind === "object" ? "object" : "field";
  const reserved = kind === "object" ? isReservedObjectName : isReservedFieldName;
  const free = (name: string) => isValidApiName(name) && !reserved(name) && !taken.has(name);
  if (free(base)) return base;
  for (let n = 2; ; n++) if (free(`${base}_${n}`)) return `${base}_${n}`;
}
