/**
 * Units of amounts: the scale a header announces (年采购额(万元), Revenue ($k)) and the one a cell writes
 * itself (104万, 1.5k). A plain number in a column takes the column's unit; a number with its own unit keeps
 * it. Units are powers of ten, so applying one is moving the decimal point of an exact decimal string.
 */
import { AMOUNT_UNITS, type AmountUnit } from "@keduo/core";

export { AMOUNT_UNITS, type AmountUnit };

export const isAmountUnit = (value: unknown): value is AmountUnit =>
  typeof value === "string" && Object.hasOwn(AMOUNT_UNITS, value);

/** The unit word left after currency words are taken away: 万元 → 万, $k → k, (USD) → "". */
const SCALE_WORDS: Record<string, AmountUnit> = {
  "": "one",
  千: "thousand",
  k: "thousand",
  thousand: "thousand",
  thousands: "thousand",
  "000": "thousand",
  "000s": "thousand",
  万: "ten_thousand",
  w: "ten_thousand",
  百万: "million",
  m: "million",
  mn: "million",
  million: "million",
  millions: "million",
  千万: "ten_million",
  亿: "hundred_million",
};

const CURRENCY_WORDS = /人民币|元|rmb|cny|usd|hkd|eur|美元|港元|港币|[¥￥$]|\bin\b|单位[:：]?|'|’/gi;

function scaleOf(word: string): AmountUnit | null {
  const bare = word.toLowerCase().replace(CURRENCY_WORDS, "").replace(/\s+/g, "");
  return SCALE_WORDS[bare] ?? null;
}

// The unit part of a header: in brackets at the end, after a slash or 单位, or a trailing "$k" / " k".
const BRACKETED = /[(（【[]\s*([^()（）【】[\]]{1,16}?)\s*[)）】\]]\s*[*＊]?\s*$/;
const AFTER_SLASH = /(?:[/／]|单位[:：]?)\s*([^/／]{1,8})\s*$/;
const TRAILING = /(?:^|\s)(\$\s*k|k\s*\$|万元|千元|亿元|万|千|亿)\s*$/i;
const GLUED_UNIT = /(万元|千元|亿元|百万元)\s*$/;

export interface HeaderUnit {
  unit: AmountUnit;
  /** The header's own words for it, shown on the mapping screen: 万元, $k. */
  text: string;
}

/**
 * The unit a header announces, or null when it names none (or only a currency: 金额(元) is `one`, named).
 * 年采购额(万元), 年采购额（万）, 金额/万, 金额 单位:千元, Revenue ($k), ARR k, 合同额万元.
 */
export function detectHeaderUnit(header: string): HeaderUnit | null {
  const text = header.trim();
  for (const pattern of [BRACKETED, AFTER_SLASH, TRAILING, GLUED_UNIT]) {
    const m = pattern.exec(text);
    if (!m) continue;
    const unit = scaleOf(m[1]!);
    if (unit) return { unit, text: m[1]!.trim() };
  }
  return null;
}

/** A header without its unit and brackets, for matching it to a field: 年采购额(万元) → 年采购额. */
export function stripHeaderUnit(header: string): string {
  const unit = detectHeaderUnit(header);
  if (!unit) return header;
  for (const pattern of [BRACKETED, AFTER_SLASH, TRAILING, GLUED_UNIT]) {
    const m = pattern.exec(header.trim());
    if (m && scaleOf(m[1]!) === unit.unit) return header.trim().slice(0, m.index).trim();
  }
  return header;
}

// A cell's own unit, at its end: 104万, 3.5万元, 2亿, 1.5k, 800千, 12百万, 1,040,000元.
const CELL_UNIT = /(百万|千万|万|亿|千|[kKwW])?(元)?$/;

/** Splits a number text from its own unit: "104万" → ["104", ten_thousand]; "216.7" → ["216.7", null]. */
export function splitCellUnit(text: string): [string, AmountUnit | null] {
  const m = CELL_UNIT.exec(text);
  if (!m || (!m[1] && !m[2])) return [text, null];
  const unit = m[1] ? (SCALE_WORDS[m[1].toLowerCase()] ?? null) : "one";
  return [text.slice(0, m.index), unit];
}

/** How many cells of a column were plain numbers and how many wrote their own unit, per unit. */
export interface UnitTally {
  plain: number;
  own: Partial<Record<AmountUnit, number>>;
}

export function addTally(into: UnitTally, from: UnitTally): void {
  into.plain += from.plain;
  for (const [unit, count] of Object.entries(from.own) as Array<[AmountUnit, number]>)
    into.own[unit] = (into.own[unit] ?? 0) + count;
}

export interface ColumnWarning {
  column: string;
  code: "amount_unit_ambiguous" | "amount_unit_mixed";
  count: number;
  params: Record<string, string | number>;
}

/**
 * A column is flagged, never silently guessed, when its cells disagree: plain numbers in a column without
 * a unit while other cells write one (216.7 beside 104万: are they 万 too?), or cells whose own unit differs
 * from the column's (1,040,000元 under 年采购额(万元)). Each cell is still read by its own rule.
 */
export function unitWarnings(column: string, unit: AmountUnit, tally: UnitTally): ColumnWarning[] {
  const others = Object.entries(tally.own).filter(([u, n]) => u !== unit && (n ?? 0) > 0) as Array<
    [AmountUnit, number]
  >;
  if (others.length === 0) return [];
  const count = others.reduce((sum, [, n]) => sum + n, 0);
  const units = others.map(([u]) => u).join(",");
  if (unit === "one" && tally.plain > 0)
    return [
      { column, code: "amount_unit_ambiguous", count: tally.plain, params: { units, with_unit: count } },
    ];
  if (unit !== "one") return [{ column, code: "amount_unit_mixed", count, params: { unit, units } }];
  return [];
}
