import { Decimal } from "decimal.js";
import type { Translatable } from "../i18n/locale.ts";
import type { FieldDefinition, FieldTypeName } from "../metadata/definitions.ts";
import { COMPARABLE_OPERATORS, type FieldType, fail, ok, type Parsed, partColumn } from "./field-type.ts";
import { plainDecimal, plainScale, plainToFixed, plainToFixed2 } from "./plain-decimal.ts";

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const MONEY_TEXT = /^-?(0|[1-9]\d*)\.\d\d$/;

/** Accepts a JSON number or a decimal string; returns an exact Decimal. */
export function parseDecimal(value: unknown): Decimal | null {
  if (typeof value === "number") return Number.isFinite(value) ? new Decimal(value) : null;
  if (typeof value === "string" && DECIMAL_TEXT.test(value.trim())) return new Decimal(value.trim());
  return null;
}

/**
 * Whole numbers (scale 0) are stored as `bigint` and may use every integer a JSON number holds exactly
 * (±(2^53 − 1)); decimals stay `numeric` below 10^15, 15 significant digits a double still round-trips.
 */
export const MAX_WHOLE_NUMBER = Number.MAX_SAFE_INTEGER;

/** Whether a value of this magnitude fits a field of this scale. */
export function fitsNumberRange(decimal: Decimal, scale: number): boolean {
  return scale === 0 ? decimal.abs().lessThanOrEqualTo(MAX_WHOLE_NUMBER) : decimal.abs().lessThan("1e15");
}

/** A number or percent field with no decimals: its column is `bigint` (older installations: `numeric`). */
export function storesWholeNumbers(field: Pick<FieldDefinition, "type" | "config">): boolean {
  if (field.type !== "number" && field.type !== "percent") return false;
  return (field.config.scale ?? (field.type === "percent" ? 2 : 0)) === 0;
}

function checkDecimal(value: unknown, scale: number, min?: number, max?: number): Parsed<Decimal> {
  const decimal = parseDecimal(value);
  if (!decimal) return fail("invalid_type", { expected: "number" });
  if (decimal.decimalPlaces() > scale) return fail("invalid_value", { reason: `scale ${scale}` });
  if (!fitsNumberRange(decimal, scale)) return fail("out_of_range");
  if (min !== undefined && decimal.lessThan(min)) return fail("out_of_range");
  if (max !== undefined && decimal.greaterThan(max)) return fail("out_of_range");
  return ok(decimal);
}

function numericType(name: FieldTypeName, label: Translatable, defaultScale: number): FieldType {
  return {
    name,
    label,
    resolveConfig(config, issues) {
      const scale = config.scale ?? defaultScale;
      if (!Number.isInteger(scale) || scale < 0 || scale > 8)
        issues.push({ field: "config.scale", code: "out_of_range" });
      const resolved: typeof config = { scale };
      if (config.min !== undefined) resolved.min = config.min;
      if (config.max !== undefined) resolved.max = config.max;
      return resolved;
    },
    // bigint compares and sums faster than numeric digits (ADR 0037); the range above keeps it exact in JSON.
    columns: (field) => [{ name: field.apiName, sqlType: storesWholeNumbers(field) ? "bigint" : "numeric" }],
    jsonSchema: (field) => ({ type: ["number", "null"], description: `scale ${field.config.scale}` }),
    toColumns(value, field) {
      if (value === null || value === undefined) return ok({ [field.apiName]: null });
      const scale = field.config.scale ?? defaultScale;
      const plain = field.config.min === undefined && field.config.max === undefined && plainDecimal(value);
      if (plain) {
        if (plainScale(plain) > scale) return fail("invalid_value", { reason: `scale ${scale}` });
        return ok({ [field.apiName]: plainToFixed(plain) });
      }
      const parsed = checkDecimal(value, scale, field.config.min, field.config.max);
      return parsed.ok ? ok({ [field.apiName]: parsed.value.toFixed() }) : parsed;
    },
    // Numbers and percents are JSON numbers in the API (15 significant digits); money uses decimal strings.
    fromColumns: (row, field) => {
      const raw = row[field.apiName];
      return raw === null || raw === undefined ? null : Number(raw);
    },
    parseOperand(value) {
      const decimal = parseDecimal(value);
      return decimal ? ok(decimal.toFixed()) : fail("invalid_type", { expected: "number" });
    },
    operators: COMPARABLE_OPERATORS,
    sortable: true,
    supportsUnique: true,
    supportsIndex: true,
  };
}

export const numberType = numericType("number", { "zh-CN": "数字", en: "Number" }, 0);
export const percentType = numericType("percent", { "zh-CN": "百分比", en: "Percent" }, 2);

function currencyColumn(field: FieldDefinition) {
  return partColumn(field, "currency");
}

/** Money: an exact amount (numeric(18,2), a decimal string in the API) plus an ISO 4217 currency code. */
export const currencyType: FieldType = {
  name: "currency",
  label: { "zh-CN": "金额", en: "Currency" },
  resolveConfig(config, issues) {
    const code = config.default_currency ?? "CNY";
    if (!CURRENCY_CODE.test(code))
      issues.push({
        field: "config.default_currency",
        code: "invalid_format",
        params: { format: "ISO 4217" },
      });
    return { default_currency: code };
  },
  columns: (field) => [
    { name: field.apiName, sqlType: "numeric(18,2)" },
    { name: currencyColumn(field), sqlType: "text" },
  ],
  jsonSchema: () => ({
    type: ["object", "null"],
    properties: {
      amount: { type: "string", pattern: "^-?\\d+(\\.\\d{1,2})?$" },
      currency: { type: "string", pattern: "^[A-Z]{3}$" },
    },
    required: ["amount"],
  }),
  toColumns(value, field) {
    if (value === null || value === undefined)
      return ok({ [field.apiName]: null, [currencyColumn(field)]: null });
    const input =
      typeof value === "object" && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : { amount: value };
    const plain = plainDecimal(input.amount);
    let text: string;
    if (plain && plainScale(plain) <= 2) text = plainToFixed2(plain);
    else {
      const amount = checkDecimal(input.amount, 2);
      if (!amount.ok) return amount;
      text = amount.value.toFixed(2);
    }
    const currency = input.currency ?? field.config.default_currency ?? "CNY";
    if (typeof currency !== "string" || !CURRENCY_CODE.test(currency)) {
      return fail("invalid_format", { format: "ISO 4217" });
    }
    return ok({ [field.apiName]: text, [currencyColumn(field)]: currency });
  },
  fromColumns(row, field) {
    const amount = row[field.apiName];
    if (amount === null || amount === undefined) return null;
    // numeric(18,2) already reads back as "123.40"; only other shapes need decimal.js.
    const text =
      typeof amount === "string" && MONEY_TEXT.test(amount)
        ? amount
        : new Decimal(amount as string).toFixed(2);
    return { amount: text, currency: row[currencyColumn(field)] ?? null };
  },
  parseOperand(value) {
    const decimal = parseDecimal(value);
    return decimal ? ok(decimal.toFixed()) : fail("invalid_type", { expected: "number" });
  },
  operators: COMPARABLE_OPERATORS,
  sortable: true,
  supportsUnique: false,
  supportsIndex: true,
};
