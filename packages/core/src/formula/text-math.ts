import type { Decimal } from "decimal.js";
import { toDecimal } from "./decimal-math.ts";

/** What TRIM removes at both ends: ASCII whitespace, no-break space and the ideographic space of CJK text. */
export const TRIM_CHARACTERS = " \t\n\r\f\v\u00a0\u3000";

/** What VALUE accepts after trimming; the same pattern guards the cast in SQL, so both refuse the same text. */
export const NUMBER_TEXT_PATTERN = "^[+-]?[0-9]{1,20}([.][0-9]{1,20})?$";
const NUMBER_TEXT = new RegExp(NUMBER_TEXT_PATTERN);

export const LOWER_LETTERS = "abcdefghijklmnopqrstuvwxyz";
export const UPPER_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export function codePoints(text: string): string[] {
  return Array.from(text);
}

export function trimText(text: string): string {
  const chars = codePoints(text);
  let start = 0;
  let end = chars.length;
  while (start < end && TRIM_CHARACTERS.includes(chars[start]!)) start++;
  while (end > start && TRIM_CHARACTERS.includes(chars[end - 1]!)) end--;
  return chars.slice(start, end).join("");
}

/** Only a–z change: the same on every server, whatever its locale (PostgreSQL: translate). */
export function upperText(text: string): string {
  return text.replace(/[a-z]/g, (c) => c.toUpperCase());
}

export function lowerText(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Orders by Unicode code point, as PostgreSQL's "C" collation does; JavaScript's `<` compares UTF-16 units. */
export function compareText(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  if (i < a.length) return 1;
  return j < b.length ? -1 : 0;
}

export function substituteText(text: string, search: string, replacement: string): string {
  return search === "" ? text : text.split(search).join(replacement);
}

export function parseNumberText(text: string): Decimal | null {
  const trimmed = trimText(text);
  return NUMBER_TEXT.test(trimmed) ? toDecimal(trimmed) : null;
}
