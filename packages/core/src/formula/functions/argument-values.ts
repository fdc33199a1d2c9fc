import { Decimal } from "decimal.js";
import type { FormulaValue } from "../values.ts";

// The checker guarantees each argument's type; these narrow it and fail loudly if that promise breaks.

function wrongType(value: FormulaValue, expected: string): never {
  throw new TypeError(`formula evaluator: expected ${expected}, got ${String(value)}`);
}

export function asNumber(value: FormulaValue): Decimal | null {
  if (value === null || Decimal.isDecimal(value)) return value;
  return wrongType(value, "a number");
}

/** BLANK is empty text inside text functions. */
export function asText(value: FormulaValue): string {
  if (value === null) return "";
  return typeof value === "string" ? value : wrongType(value, "text");
}

/** BLANK is FALSE where a condition is needed. */
export function asBoolean(value: FormulaValue): boolean {
  if (value === null) return false;
  return typeof value === "boolean" ? value : wrongType(value, "true/false");
}

export function asDate(value: FormulaValue): string | null {
  if (value === null || typeof value === "string") return value;
  return wrongType(value, "a date");
}

export function asDatetime(value: FormulaValue): Date | null {
  if (value === null || value instanceof Date) return value;
  return wrongType(value, "a date and time");
}

export function asList(value: FormulaValue): readonly string[] | null {
  if (value === null || Array.isArray(value)) return value as readonly string[] | null;
  return wrongType(value, "a multi-select value");
}

/** An empty text result is BLANK. */
export function textResult(text: string): string | null {
  return text === "" ? null : text;
}
