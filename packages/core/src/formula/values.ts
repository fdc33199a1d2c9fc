import { Decimal } from "decimal.js";
import { parseCivil } from "./date-math.ts";
import { toDecimal } from "./decimal-math.ts";
import type { FormulaType } from "./formula-types.ts";

/**
 * A value inside the evaluator. Which one a node holds follows from its checked type:
 * number, currency, percent → Decimal; text, select, user → string; boolean → boolean;
 * date → "YYYY-MM-DD"; datetime → Date; multi select → string[]; BLANK → null.
 * There is no empty text and no empty list: both are BLANK.
 */
export type FormulaValue = Decimal | string | boolean | Date | readonly string[] | null;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

function invalid(raw: unknown, type: FormulaType): never {
  throw new TypeError(`not a ${type} value: ${JSON.stringify(raw)}`);
}

function numberFrom(raw: unknown, type: FormulaType): Decimal {
  if (Decimal.isDecimal(raw)) return toDecimal(raw);
  if (typeof raw === "number" && Number.isFinite(raw)) return toDecimal(raw);
  if (typeof raw === "string" && DECIMAL_TEXT.test(raw)) return toDecimal(raw);
  // Money as the API gives it: { amount: "12.50", currency: "CNY" }.
  if (typeof raw === "object" && raw !== null && "amount" in raw) return numberFrom(raw.amount, type);
  return invalid(raw, type);
}

/**
 * Turns a stored or API value into an evaluator value of the given type. Throws on a value that does
 * not fit the type: that is a bug in the caller, not a user error.
 */
export function toFormulaValue(raw: unknown, type: FormulaType): FormulaValue {
  if (raw === null || raw === undefined) return null;
  switch (type) {
    case "number":
    case "currency":
    case "percent":
      return numberFrom(raw, type);
    case "text":
    case "select":
    case "user":
      if (typeof raw !== "string") return invalid(raw, type);
      return raw === "" ? null : raw;
    case "boolean":
      return typeof raw === "boolean" ? raw : invalid(raw, type);
    case "date":
      return typeof raw === "string" && parseCivil(raw) ? raw : invalid(raw, type);
    case "datetime": {
      const date = raw instanceof Date ? raw : typeof raw === "string" ? new Date(raw) : null;
      return date && !Number.isNaN(date.getTime()) ? new Date(date.getTime()) : invalid(raw, type);
    }
    case "multi_select":
      if (!Array.isArray(raw) || !raw.every((item) => typeof item === "string")) return invalid(raw, type);
      return raw.length === 0 ? null : [...raw];
    case "null":
      return null;
  }
}
