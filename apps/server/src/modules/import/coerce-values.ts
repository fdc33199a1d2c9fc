import { AMOUNT_UNITS, type AmountUnit, splitCellUnit } from "./amount-units.ts";
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

/** A number as written: its exact decimal digits and the unit the cell wrote itself (104万), if any. */
export interface WrittenAmount {
  digits: string;
  own: AmountUnit | null;
}

/**
 * A decimal from a number cell or text: thousands separators (1,234 / 1，234 / 1 234), the currency signs
 * ¥ ￥ and 元 / RMB / CNY, and a unit of its own at the end (万, 亿, 千, 百万, k, w; 元 says "as written").
 */
export function readAmount(cell: Cell): WrittenAmount | null {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return null;
    const text = String(cell);
    return { digits: /e/i.test(text) ? cell.toFixed(8).replace(/\.?0+$/, "") : text, own: null };
  }
  if (typeof cell !== "string") return null;
  let text = cell.trim().replace(/^[¥￥$]|^(RMB|CNY)\s*|\s*(RMB|CNY)$/gi, "");
  text = text
    .replace(/^([-+]?)\s*[¥￥]/, "$1")
    .replace(/[,，\s](?=\d{3}(\D|$))/g, "")
    .replace(/^\+/, "");
  const [digits, own] = splitCellUnit(text.trim());
  return PLAIN.test(digits) ? { digits, own } : null;
}

/** The amount in plain units: a cell's own unit wins, else the column's ("216.7" in a 万 column is 2167000). */
export function scaleAmount(written: WrittenAmount, columnUnit: AmountUnit = "one"): string {
  return shiftDecimal(written.digits, AMOUNT_UNITS[written.own ?? columnUnit]);
}

/** "3.5万" is 35000; a plain number is taken in `unit` (default: as written). */
export function parseAmount(cell: Cell, unit: AmountUnit = "one"): string | null {
  const written = readAmount(cell);
  return written === null ? null : scaleAmount(written, unit);
}

export function coerceNumber(cell: Cell, unit: AmountUnit = "one"): Coerced {
  const amount = parseAmount(cell, unit);
  return amount === null ? reject("invalid_number") : accept(amount);
}

export function coerceCurrency(cell: Cell, unit: AmountUnit = "one"): Coerced {
  const amount = parseAmount(cell, unit);
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
