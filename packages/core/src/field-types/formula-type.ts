import { Decimal } from "decimal.js";
import type { FormulaValueType } from "../formula/formula-types.ts";
import { FORMULA_LIMITS } from "../formula/limits.ts";
import type { FieldDefinition } from "../metadata/definitions.ts";
import { booleanType, dateType, datetimeType, parseDatetimeValue, parseDateValue } from "./date-types.ts";
import {
  COMPARABLE_OPERATORS,
  EQUALITY_OPERATORS,
  type FieldType,
  type FilterOperator,
  fail,
  ok,
  type Parsed,
  TEXT_OPERATORS,
} from "./field-type.ts";
import { parseDecimal } from "./number-types.ts";

const NUMERIC = new Set<FormulaValueType>(["number", "currency", "percent"]);

/** What a filter may ask of a formula's value, by its result type. */
export function formulaOperators(type: FormulaValueType | undefined): readonly FilterOperator[] {
  if (type === undefined) return [];
  if (NUMERIC.has(type)) return COMPARABLE_OPERATORS;
  if (type === "text" || type === "select") return TEXT_OPERATORS;
  if (type === "date" || type === "datetime") return [...COMPARABLE_OPERATORS, "within"];
  if (type === "boolean") return booleanType.operators;
  if (type === "user") return EQUALITY_OPERATORS;
  // A multi select has no single value to compare; only blankness is asked.
  return ["is_empty", "is_not_empty"];
}

const resultType = (field: Pick<FieldDefinition, "config">) => field.config.result_type;

function parseOperand(value: unknown, field: FieldDefinition): Parsed<unknown> {
  const type = resultType(field);
  if (type && NUMERIC.has(type)) {
    const decimal = parseDecimal(value);
    return decimal ? ok(decimal.toFixed()) : fail("invalid_type", { expected: "number" });
  }
  if (type === "date") return parseDateValue(value);
  if (type === "datetime") return parseDatetimeValue(value);
  if (type === "boolean") return booleanType.parseOperand(value, field);
  return typeof value === "string" ? ok(value) : fail("invalid_type", { expected: "text" });
}

/**
 * A formula field (issue 4): an expression of the formula language computed in SQL, never written by
 * clients, filtering and sorting like a column of its result type. It has no column of its own here: a
 * deterministic formula with `config.stored` is kept in a column that the formula-sql module creates,
 * indexes (`indexed`) and maintains on every write (ADR 0010); the others are computed at read time. Lookups
 * (`account.tier`) and rollups (`SUM(payments.amount, payments.status = "received")`) are formulas too;
 * see packages/core/src/formula/README.md. The server type-checks the expression against the object and
 * stores the inferred `result_type`; a client's `result_type` is ignored.
 */
export const formulaType: FieldType = {
  name: "formula",
  label: { "zh-CN": "公式", en: "Formula" },
  resolveConfig(config, issues) {
    const expression = config.expression;
    if (typeof expression !== "string" || expression.trim() === "") {
      issues.push({ field: "config.expression", code: "required" });
    } else if ([...expression].length > FORMULA_LIMITS.maxLength) {
      issues.push({
        field: "config.expression",
        code: "too_long",
        params: { max: FORMULA_LIMITS.maxLength },
      });
    }
    if (config.rollup_as !== undefined && config.rollup_as !== "system" && config.rollup_as !== "reader") {
      issues.push({
        field: "config.rollup_as",
        code: "invalid_option",
        params: { value: String(config.rollup_as) },
      });
    }
    if (config.stored !== undefined && typeof config.stored !== "boolean") {
      issues.push({ field: "config.stored", code: "invalid_type", params: { expected: "true/false" } });
    }
    const resolved: typeof config = { expression: typeof expression === "string" ? expression : "" };
    if (config.result_type !== undefined) resolved.result_type = config.result_type;
    // Rollups count as the reader unless the admin says "system" (ADR 0015); both are kept as given.
    if (config.rollup_as === "reader" || config.rollup_as === "system") resolved.rollup_as = config.rollup_as;
    if (config.stored === true) resolved.stored = true;
    return resolved;
  },
  columns: () => [],
  jsonSchema: (field) => ({ readOnly: true, description: `formula: ${field.config.result_type ?? "?"}` }),
  toColumns: () => fail("read_only"),
  fromColumns(row, field) {
    const raw = row[field.apiName];
    if (raw === null || raw === undefined) return null;
    switch (resultType(field)) {
      case "number":
      case "percent":
        // Like number fields: a JSON number.
        return Number(raw);
      case "currency": {
        // Like money amounts: an exact decimal string, at least two places (a division may give more).
        const amount = new Decimal(raw as string);
        return amount.toFixed(Math.max(2, amount.decimalPlaces()));
      }
      case "date":
        return dateType.fromColumns(row, field);
      case "datetime":
        return datetimeType.fromColumns(row, field);
      default:
        return raw;
    }
  },
  parseOperand,
  operators: [],
  operatorsOf: (field) => formulaOperators(resultType(field)),
  sortable: false,
  sortableOf: (field) => {
    const type = resultType(field);
    return type !== undefined && type !== "multi_select";
  },
  supportsUnique: false,
  // Only a stored formula has a column to index; the server refuses `indexed` on the others.
  supportsIndex: true,
  computed: true,
};
