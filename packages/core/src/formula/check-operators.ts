import type { BinaryOperator } from "./ast.ts";
import type { FormulaErrorCode } from "./formula-error.ts";
import { type CheckedType, isNumericType, isTextualType } from "./formula-types.ts";
import type { TypedBinaryOperator } from "./typed-ast.ts";

export type OperatorTyping =
  | { ok: true; operator: TypedBinaryOperator; type: CheckedType; swap?: boolean }
  | { ok: false; code: FormulaErrorCode; params: Record<string, string> };

const numericOrBlank = (t: CheckedType) => t === "null" || isNumericType(t);
const dateOrBlank = (t: CheckedType) => t === "null" || t === "date";

/** + and −: money wins, then percent. */
function sumType(left: CheckedType, right: CheckedType): CheckedType {
  if (left === "currency" || right === "currency") return "currency";
  return left === "percent" || right === "percent" ? "percent" : "number";
}

/** ×: money times anything is money; one percent factor keeps a percent. */
function productType(left: CheckedType, right: CheckedType): CheckedType {
  if (left === "currency" || right === "currency") return "currency";
  return (left === "percent") !== (right === "percent") ? "percent" : "number";
}

/** ÷: a ratio of like quantities is a plain number; money or percent divided by a number stays what it was. */
function quotientType(left: CheckedType, right: CheckedType): CheckedType {
  if (left === "currency" || left === "percent") return left === right ? "number" : left;
  return "number";
}

function isComparable(left: CheckedType, right: CheckedType): boolean {
  if (left === "null" || right === "null") return true;
  if (isNumericType(left) && isNumericType(right)) return true;
  if (isTextualType(left) && isTextualType(right)) return true;
  return left === right && left !== "multi_select";
}

const ORDERED = new Set<CheckedType>([
  "number",
  "currency",
  "percent",
  "text",
  "select",
  "date",
  "datetime",
  "null",
]);

/** The operand that is not a number, for "cannot add text to a number". */
function offending(left: CheckedType, right: CheckedType, fits: (t: CheckedType) => boolean) {
  return fits(right) ? { type: left, other: right } : { type: right, other: left };
}

function arithmetic(operator: "+" | "-" | "*" | "/", left: CheckedType, right: CheckedType): OperatorTyping {
  if (numericOrBlank(left) && numericOrBlank(right)) {
    switch (operator) {
      case "+":
        return { ok: true, operator: "add", type: sumType(left, right) };
      case "-":
        return { ok: true, operator: "subtract", type: sumType(left, right) };
      case "*":
        return { ok: true, operator: "multiply", type: productType(left, right) };
      case "/":
        return { ok: true, operator: "divide", type: quotientType(left, right) };
    }
  }
  if (operator === "+" && left === "date" && numericOrBlank(right))
    return { ok: true, operator: "add_days", type: "date" };
  if (operator === "+" && numericOrBlank(left) && right === "date") {
    return { ok: true, operator: "add_days", type: "date", swap: true };
  }
  if (operator === "-" && left === "date" && numericOrBlank(right)) {
    return { ok: true, operator: "subtract_days", type: "date" };
  }
  if (operator === "-" && dateOrBlank(left) && dateOrBlank(right)) {
    return { ok: true, operator: "days_between", type: "number" };
  }
  // − and ÷ are not symmetric, so their messages name both sides in order.
  if (operator === "-") return { ok: false, code: "cannot_subtract", params: { left, right } };
  if (operator === "/") return { ok: false, code: "cannot_divide", params: { left, right } };
  const { type, other } = offending(left, right, numericOrBlank);
  return { ok: false, code: operator === "+" ? "cannot_add" : "cannot_multiply", params: { type, other } };
}

const COMPARISONS = { "=": "eq", "<>": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge" } as const;

/** The type rule of a binary operator (README.md, "Operators"). Operands already in error pass silently. */
export function typeBinary(operator: BinaryOperator, left: CheckedType, right: CheckedType): OperatorTyping {
  if (left === "error" || right === "error") return { ok: true, operator: "add", type: "error" };
  switch (operator) {
    case "+":
    case "-":
    case "*":
    case "/":
      return arithmetic(operator, left, right);
    case "&": {
      const textual = (t: CheckedType) => t === "null" || isTextualType(t);
      if (textual(left) && textual(right)) return { ok: true, operator: "concat", type: "text" };
      return {
        ok: false,
        code: "cannot_concatenate",
        params: { type: offending(left, right, textual).type },
      };
    }
    case "AND":
    case "OR": {
      const bad = [left, right].find((t) => t !== "null" && t !== "boolean");
      if (bad)
        return { ok: false, code: "operand_type", params: { operator, expected: "boolean", actual: bad } };
      return { ok: true, operator: operator === "AND" ? "and" : "or", type: "boolean" };
    }
    default: {
      if (!isComparable(left, right)) return { ok: false, code: "cannot_compare", params: { left, right } };
      const ordered = operator === "=" || operator === "<>";
      if (!ordered && (!ORDERED.has(left) || !ORDERED.has(right))) {
        return { ok: false, code: "not_ordered", params: { type: ORDERED.has(left) ? right : left } };
      }
      return { ok: true, operator: COMPARISONS[operator], type: "boolean" };
    }
  }
}

/** What a BLANK operand becomes next to the other operand, so the SQL gets a typed NULL. */
export function blankOperandType(
  operator: TypedBinaryOperator,
  other: CheckedType,
  isLeft: boolean,
): CheckedType {
  switch (operator) {
    case "add":
    case "subtract":
    case "multiply":
    case "divide":
      return isNumericType(other) ? other : "number";
    case "add_days":
    case "subtract_days":
      return isLeft ? "date" : "number";
    case "days_between":
      return "date";
    case "concat":
      return "text";
    case "and":
    case "or":
      return "boolean";
    default:
      return other === "null" || other === "error" ? "text" : other;
  }
}
