import type { FormulaType, FormulaValue } from "@keduo/core";

/** A value from PostgreSQL as comparable text: numbers by value, instants in ms, BLANK as "BLANK". */
export function normaliseSql(value: unknown, type: FormulaType): string {
  if (value === null || value === undefined) return "BLANK";
  switch (type) {
    case "number":
    case "currency":
    case "percent": {
      const text = String(value);
      // Trailing zeros after the point are display scale, not value (PostgreSQL keeps them).
      return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
    }
    case "datetime":
      return String(value instanceof Date ? value.getTime() : new Date(String(value)).getTime());
    default:
      return JSON.stringify(value);
  }
}

/** An evaluator value as the same comparable text. */
export function normaliseEvaluated(value: FormulaValue, type: FormulaType): string {
  if (value !== null && typeof value === "object" && "toFixed" in value)
    return normaliseSql(value.toFixed(), type);
  return normaliseSql(value, type);
}
