import type { FieldDefinition } from "@keduo/core";
import { accept, type Coerced, reject } from "./coerce-dates.ts";
import { type Cell, cellText } from "./table-source.ts";

/** Moves the decimal point of a plain decimal string: ("3.5", 4) → "35000". Exact, no floats. */
export function shiftDecimal(text: string, places: number): string {
  const negative = text.startsWith("-");
  const [int = "0", frac = ""] = (negative ? text.slice(1) : text).split(".");
  const digits = int + frac;
  const point = int.length + places;
  const padded = point > digits.length ? digits + "0".repeat(point - digits.length) : digits;
  let whole = padded.slice(0, Math.max(point, 0)) || "0";
  let fraction = point < 0 ? "0".repeat(-point) + padded : padded.slice(point);
  whole = whole.replace(/^0+(?=\d)/, "");
  fraction = fraction.replace(/0+$/, "");
  const result = fraction ? `${whole}.${fraction}` : whole;
  return negative && /[1-9]/.test(result) ? `-${result}` : result;
}

const PLAIN = /^-?\d+(\.\d+)?$/;

/**
 * A decimal from a number cell or text: thousands separators (1,234 / 1，234 / 1 234), the currency signs
 * ¥ ￥ and 元 / RMB / CNY, and the Chinese units 万 (10⁴) and 亿 (10⁸) — "3.5万" is 35000.
 */
export function parseAmount(cell: Cell): string | null {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return null;
    const text = String(cell);
    return /e/i.test(text) ? cell.toFixed(8).replace(/\.?0+$/, "") : text;
  }
  if (typeof cell !== "string") return null;
  let text = cell.trim().replace(/^[¥￥$]|^(RMB|CNY)\s*|\s*(元|RMB|CNY)$/gi, "");
  text = text
    .replace(/^([-+]?)\s*[¥￥]/, "$1")
    .replace(/[,，\s](?=\d{3}(\D|$))/g, "")
    .replace(/^\+/, "");
  let places = 0;
  if (/万元?$/.test(text)) places = 4;
  else if (/亿元?$/.test(text)) places = 8;
  text = text.replace(/[万亿]元?$/, "");
  if (!PLAIN.test(text)) return null;
  return shiftDecimal(text, places);
}

export function coerceNumber(cell: Cell): Coerced {
  const amount = parseAmount(cell);
  return amount === null ? reject("invalid_number") : accept(amount);
}

export function coerceCurrency(cell: Cell): Coerced {
  const amount = parseAmount(cell);
  return amount === null ? reject("invalid_amount") : accept({ amount });
}

/**
 * "12%" is 12. A number cell of at most 1 in size is a fraction (0.12 → 12): what Excel stores for a cell
 * formatted as a percentage. Text without a % is taken as written ("0.5" → 0.5): Excel writes such a cell
 * as "12%" when it saves a CSV, and Keduo's CSV export writes the stored number.
 */
export function coercePercent(cell: Cell): Coerced {
  const text = typeof cell === "string" ? cell.trim() : cell;
  if (typeof text === "string" && /[%％]$/.test(text)) {
    const amount = parseAmount(text.slice(0, -1));
    return amount === null ? reject("invalid_percent") : accept(amount);
  }
  const amount = parseAmount(text);
  if (amount === null) return reject("invalid_percent");
  return accept(typeof text === "number" && Math.abs(text) <= 1 ? shiftDecimal(amount, 2) : amount);
}

const TRUE_WORDS = new Set(["是", "对", "有", "y", "yes", "true", "t", "1", "✓", "√"]);
const FALSE_WORDS = new Set(["否", "不是", "错", "无", "n", "no", "false", "f", "0", "✗", "×"]);

export function coerceBoolean(cell: Cell): Coerced {
  if (typeof cell === "boolean") return accept(cell);
  const word = cellText(cell).toLowerCase();
  if (TRUE_WORDS.has(word)) return accept(true);
  if (FALSE_WORDS.has(word)) return accept(false);
  return reject("invalid_boolean");
}

function optionOf(text: string, field: FieldDefinition): string | null {
  const wanted = text.trim().toLowerCase();
  const option = (field.config.options ?? []).find(
    (o) =>
      o.value.toLowerCase() === wanted ||
      o.labels["zh-CN"].trim().toLowerCase() === wanted ||
      o.labels.en.trim().toLowerCase() === wanted,
  );
  return option ? option.value : null;
}

/** An option by its zh-CN label, English label or API value, in any letter case. */
export function coerceSingleSelect(cell: Cell, field: FieldDefinition): Coerced {
  const text = cellText(cell);
  const value = optionOf(text, field);
  return value ? accept(value) : reject("unknown_option", { value: text });
}

const LIST_SEPARATOR = /([、,，;；|\n])/;

/**
 * Splits a list cell on 、 , ， ; ； | and line breaks. `isWhole` lets a name that itself holds a separator
 * stay whole: an option labelled "汽车、摩托" is one option, not two unknown ones.
 */
export function splitList(text: string, isWhole: (part: string) => boolean = () => false): string[] {
  const pieces = text.split(LIST_SEPARATOR);
  const parts: string[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    // The longest run of pieces (with their separators) that names something whole, else the piece alone.
    let end = i;
    let joined = pieces[i]!;
    for (let j = i + 2, run = joined; j < pieces.length; j += 2) {
      run += pieces[j - 1]! + pieces[j]!;
      if (isWhole(run.trim())) {
        end = j;
        joined = run;
      }
    }
    const part = joined.trim();
    if (part) parts.push(part);
    i = end;
  }
  return parts;
}

/** Options of a multi select, each by label or value as for a single select. */
export function coerceMultiSelect(cell: Cell, field: FieldDefinition): Coerced {
  const parts = splitList(cellText(cell), (part) => optionOf(part, field) !== null);
  const values: string[] = [];
  for (const part of parts) {
    const value = optionOf(part, field);
    if (!value) return reject("unknown_option", { value: part });
    if (!values.includes(value)) values.push(value);
  }
  return accept(values);
}

/**
 * Text of any cell; whole numbers stay whole (a phone number typed as a number is 13800138000, not 1.38e10).
 * Multi-line text keeps its leading and trailing whitespace, as the records API stores it (an indented
 * first line); single-line fields are trimmed, as the write pipeline would do anyway.
 */
export function coerceText(cell: Cell, { keepSpaces = false }: { keepSpaces?: boolean } = {}): Coerced {
  if (typeof cell === "number" && Number.isInteger(cell)) return accept(cell.toFixed(0));
  return accept(keepSpaces && typeof cell === "string" ? cell : cellText(cell));
}

/** The currency code beside an amount (the export's `<label>（币种）` column): an ISO 4217 code, any case. */
export function coerceCurrencyCode(cell: Cell): Coerced {
  const code = cellText(cell).toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? accept(code) : reject("invalid_currency", { value: cellText(cell) });
}
