/** The types a value in a formula can have. `null` is the type of BLANK alone: it fits anywhere. */
export const FORMULA_VALUE_TYPES = [
  "number",
  "currency",
  "percent",
  "text",
  "boolean",
  "date",
  "datetime",
  "select",
  "multi_select",
  "user",
] as const;

export type FormulaValueType = (typeof FORMULA_VALUE_TYPES)[number];
export type FormulaType = FormulaValueType | "null";

/** What the checker gives a node that already has an error, so one mistake is reported once. */
export type CheckedType = FormulaType | "error";

/** Families of types a function argument or an operand may accept. */
export type TypeGroup =
  | "numeric"
  | "textual"
  | "boolean"
  | "date"
  | "datetime"
  | "temporal"
  | "multi_select"
  | "orderable"
  | "scalar";

const GROUPS: Record<TypeGroup, readonly FormulaValueType[]> = {
  numeric: ["number", "currency", "percent"],
  // A select's value is its option's API name: text.
  textual: ["text", "select"],
  boolean: ["boolean"],
  date: ["date"],
  datetime: ["datetime"],
  temporal: ["date", "datetime"],
  multi_select: ["multi_select"],
  orderable: ["number", "currency", "percent", "text", "select", "date", "datetime"],
  scalar: ["number", "currency", "percent", "text", "select", "date", "datetime", "boolean", "user"],
};

/** BLANK (`null`) and already-wrong nodes (`error`) fit every group. */
export function fitsGroup(type: CheckedType, group: TypeGroup): boolean {
  return type === "null" || type === "error" || GROUPS[group].includes(type);
}

export function isNumericType(type: CheckedType): boolean {
  return type === "number" || type === "currency" || type === "percent";
}

export function isTextualType(type: CheckedType): boolean {
  return type === "text" || type === "select";
}

/**
 * The common type of values that may stand in one place (IF branches, SWITCH results, MIN arguments):
 * BLANK fits anything; numbers mix (currency wins, then percent); text and select give text.
 * Returns undefined when the types cannot mix.
 */
export function unifyTypes(a: CheckedType, b: CheckedType): CheckedType | undefined {
  if (a === "error" || b === "error") return "error";
  if (a === "null") return b;
  if (b === "null" || a === b) return a;
  if (isNumericType(a) && isNumericType(b)) {
    if (a === "currency" || b === "currency") return "currency";
    return a === "percent" || b === "percent" ? "percent" : "number";
  }
  if (isTextualType(a) && isTextualType(b)) return "text";
  return undefined;
}
