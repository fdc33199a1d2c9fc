import {
  type FieldDefinition,
  type FormulaValueType,
  isCalendarDate,
  isStorableText,
  isUuid,
  MAX_WHOLE_NUMBER,
  parseDatetimeValue,
  parseDecimal,
  storesWholeNumbers,
} from "@keduo/core";

/** The part of a sort key (keyset.ts) its cursor value depends on. */
interface CursorKey {
  field: FieldDefinition;
  /** Set when a formula sorts as its date column and the cursor carries that column's value. */
  cursorName?: string;
}

/** What a sort key's value is in SQL, which decides what its cursor value may be. */
type CursorKind = "decimal" | "date" | "datetime" | "boolean" | "uuid" | "text";

const KIND_OF_TYPE: Partial<Record<FieldDefinition["type"] | FormulaValueType, CursorKind>> = {
  number: "decimal",
  currency: "decimal",
  percent: "decimal",
  date: "date",
  datetime: "datetime",
  boolean: "boolean",
  user: "uuid",
  relation: "uuid",
};

function kindOf(key: CursorKey): CursorKind {
  // A formula sorted on its date column (keyset.ts formulaKey) carries that column's value: date-column plans
  // exist for `date` columns only.
  if (key.cursorName) return "date";
  const type = key.field.type === "formula" ? key.field.config.result_type : key.field.type;
  return (type && KIND_OF_TYPE[type]) ?? "text";
}

/**
 * A cursor value checked against its sort key and turned into the bind value, or `undefined` when it cannot
 * be one: a crafted cursor must be refused as INVALID_CURSOR rather than reach PostgreSQL as a value of the
 * wrong type. NULL is allowed for every key (the row comparison handles it).
 */
export function cursorBindValue(key: CursorKey, value: unknown): unknown {
  if (value === null) return null;
  switch (kindOf(key)) {
    case "decimal": {
      const decimal = parseDecimal(value);
      // A whole-number field's column is bigint: a fraction or a huge value would fail as its parameter.
      if (decimal && !key.cursorName && storesWholeNumbers(key.field))
        return decimal.isInteger() && decimal.abs().lessThanOrEqualTo(MAX_WHOLE_NUMBER)
          ? decimal.toFixed()
          : undefined;
      return decimal?.toFixed();
    }
    case "date":
      return typeof value === "string" && isCalendarDate(value) ? value : undefined;
    case "datetime":
      return parseDatetimeValue(value).ok ? value : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "uuid":
      return typeof value === "string" && isUuid(value) ? value : undefined;
    case "text":
      return typeof value === "string" && isStorableText(value) ? value : undefined;
  }
}
