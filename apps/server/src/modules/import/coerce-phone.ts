import { accept, type Coerced, warn } from "./coerce-dates.ts";
import { type Cell, cellText } from "./table-source.ts";

// Area codes of three digits (010 Beijing, 02x the big cities); every other one has four.
const SHORT_AREA = /^0(10|2\d)/;
const EXTENSION = /(?:转|分机|ext\.?|x|#)(\d{1,6})$/i;

function landline(national: string, extension: string | null): string | null {
  if (!/^0[1-9]\d{8,10}$/.test(national)) return null;
  const areaLength = SHORT_AREA.test(national) ? 3 : 4;
  const local = national.slice(areaLength);
  if (local.length < 7 || local.length > 8 || local.startsWith("0")) return null;
  return `${national.slice(0, areaLength)}-${local}${extension ? `-${extension}` : ""}`;
}

/**
 * A phone number in one written form: a Chinese mobile as its 11 digits (13800138000), a landline as
 * area code and number (010-88880000, with -123 for an extension), 400/800 numbers as 400-810-8888, and
 * other countries as + and digits. +86 / 0086 prefixes, spaces, dashes, dots and brackets are dropped.
 * Null when the text is none of these (1669114: a mobile missing digits, a number without its area code).
 */
export function normalizePhone(text: string): string | null {
  let compact = text
    .normalize("NFKC")
    .trim()
    .replace(/[\s\-.()（）—–_/]/g, "");
  const ext = EXTENSION.exec(compact);
  if (ext) compact = compact.slice(0, ext.index);
  const extension = ext ? ext[1]! : null;
  let national = compact;
  const china = /^(?:\+|00)86(\d+)$/.exec(compact);
  if (china) national = /^1[3-9]\d{9}$/.test(china[1]!) ? china[1]! : `0${china[1]!.replace(/^0/, "")}`;
  else if (compact.startsWith("+") || compact.startsWith("00")) {
    const digits = compact.replace(/^(\+|00)/, "");
    return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}${extension ? `-${extension}` : ""}` : null;
  }
  if (!/^\d+$/.test(national)) return null;
  if (/^1[3-9]\d{9}$/.test(national)) return extension ? null : national;
  if (/^[48]00\d{7}$/.test(national))
    return `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`;
  return landline(national, extension);
}

/** A phone field's cell, normalised; any other text is kept as written with a warning the user can accept. */
export function coercePhone(cell: Cell): Coerced {
  const text = typeof cell === "number" && Number.isInteger(cell) ? cell.toFixed(0) : cellText(cell);
  const phone = normalizePhone(text);
  return phone === null ? warn(text, "phone_unrecognised", { value: text }) : accept(phone);
}
