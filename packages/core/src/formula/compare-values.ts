import { Decimal } from "decimal.js";
import { compareText } from "./text-math.ts";
import type { FormulaValue } from "./values.ts";

/** `=` of the language: BLANK equals BLANK and nothing else; numbers by value (1.0 = 1). */
export function valuesEqual(a: FormulaValue, b: FormulaValue): boolean {
  if (a === null || b === null) return a === b;
  if (Decimal.isDecimal(a) && Decimal.isDecimal(b)) return a.equals(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

/** Order of two non-blank values of one family; text by code point (dates as "YYYY-MM-DD" sort the same way). */
export function compareValues(a: FormulaValue, b: FormulaValue): number {
  if (Decimal.isDecimal(a) && Decimal.isDecimal(b)) return a.comparedTo(b);
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (typeof a === "string" && typeof b === "string") return compareText(a, b);
  throw new TypeError(`formula evaluator: cannot order ${String(a)} and ${String(b)}`);
}
