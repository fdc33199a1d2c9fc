import {
  type FieldDefinition,
  type FieldTypeName,
  fieldTypeOf,
  MAX_WHOLE_NUMBER,
  storesWholeNumbers,
} from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { objectTable } from "./names.ts";

export interface ConversionPlan {
  /** Rows matching this predicate cannot be converted; null when every value converts. */
  unconvertible: RawBuilder<unknown> | null;
  statements: RawBuilder<unknown>[];
}

const TEXT_TYPES = new Set<FieldTypeName>([
  "text",
  "long_text",
  "rich_text",
  "email",
  "phone",
  "url",
  "auto_number",
]);
const NUMERIC_TYPES = new Set<FieldTypeName>(["number", "percent"]);

// The same shapes the field types accept (packages/core/src/field-types), written as PostgreSQL regexes.
const FORMAT_REGEX: Partial<Record<FieldTypeName, string>> = {
  email: "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$",
  phone: "^\\+?[0-9][0-9 ()-]{2,30}[0-9]$",
  url: "^https?://\\S+$",
};
const DECIMAL_REGEX = "^\\s*-?\\d+(\\.\\d+)?\\s*$";

/**
 * The conversion matrix: which type changes Keduo performs and which values block them.
 * Anything not listed is refused (FIELD_TYPE_CHANGE_UNSUPPORTED). Same-type changes check narrowed
 * settings (shorter max length, smaller scale, removed options) the same way.
 */
export function planConversion(
  schemas: Schemas,
  object: string,
  before: FieldDefinition,
  after: FieldDefinition,
  timeZone: string,
): ConversionPlan | null {
  const table = objectTable(schemas, object);
  const column = sql.id(after.apiName);
  const from = before.type;
  const to = after.type;
  const alter = (type: string, using: RawBuilder<unknown>) =>
    sql`ALTER TABLE ${table} ALTER COLUMN ${column} TYPE ${sql.raw(type)} USING ${using}`;
  // trim_scale: 5.00 (from text or money) is a whole number. Whole numbers reach ±(2^53 − 1), decimals 10^15.
  const outOfRange = storesWholeNumbers(after)
    ? (value: RawBuilder<unknown>) => sql`abs(${value}) > ${sql.lit(MAX_WHOLE_NUMBER)}`
    : (value: RawBuilder<unknown>) => sql`abs(${value}) >= 1e15`;
  const scaleCheck = (value: RawBuilder<unknown>) =>
    sql`${column} IS NOT NULL AND (scale(trim_scale(${value}::numeric)) > ${after.config.scale ?? 0} OR ${outOfRange(value)})`;
  // A number's column is bigint for whole numbers and numeric otherwise (number-types.ts): crossing between
  // them converts the column (ADR 0037). Older installations' whole-number columns may still be numeric; both work.
  const numberType = storesWholeNumbers(after) ? "bigint" : "numeric";
  const toNumber = (value: RawBuilder<unknown>) =>
    alter(numberType, numberType === "bigint" ? sql`(${value})::numeric::bigint` : sql`(${value})::numeric`);

  if (TEXT_TYPES.has(from) && TEXT_TYPES.has(to) && to !== "auto_number") {
    const regex = FORMAT_REGEX[to];
    const max = after.config.max_length ?? Number.MAX_SAFE_INTEGER;
    const tooLong = sql`char_length(${column}) > ${max}`;
    return {
      unconvertible: regex
        ? sql`${column} IS NOT NULL AND (${column} !~ ${regex} OR ${tooLong})`
        : sql`${tooLong}`,
      statements: [],
    };
  }
  if (from === "text" && NUMERIC_TYPES.has(to)) {
    const value = sql`(CASE WHEN ${column} ~ ${DECIMAL_REGEX} THEN trim(${column})::numeric END)`;
    return {
      unconvertible: sql`${column} IS NOT NULL AND (${column} !~ ${DECIMAL_REGEX} OR ${scaleCheck(value)})`,
      statements: [toNumber(sql`trim(${column})`)],
    };
  }
  if (NUMERIC_TYPES.has(from) && NUMERIC_TYPES.has(to)) {
    const crosses = storesWholeNumbers(before) !== storesWholeNumbers(after);
    return { unconvertible: scaleCheck(column), statements: crosses ? [toNumber(column)] : [] };
  }
  if ((NUMERIC_TYPES.has(from) || from === "currency") && (to === "text" || to === "long_text")) {
    const drop =
      from === "currency"
        ? [sql`ALTER TABLE ${table} DROP COLUMN ${sql.id(`${before.apiName}__currency`)}`]
        : [];
    return { unconvertible: null, statements: [...drop, alter("text", sql`${column}::text`)] };
  }
  if (NUMERIC_TYPES.has(from) && to === "currency") {
    const code = after.config.default_currency ?? "CNY";
    const currencyColumn = sql.id(`${after.apiName}__currency`);
    return {
      unconvertible: sql`${column} IS NOT NULL AND (scale(${column}) > 2 OR abs(${column}) >= 1e16)`,
      statements: [
        alter("numeric(18,2)", sql`${column}`),
        sql`ALTER TABLE ${table} ADD COLUMN ${currencyColumn} text`,
        sql`UPDATE ${table} SET ${currencyColumn} = ${code} WHERE ${column} IS NOT NULL`,
      ],
    };
  }
  if (from === "currency" && NUMERIC_TYPES.has(to)) {
    return {
      unconvertible: scaleCheck(column),
      statements: [
        toNumber(column),
        sql`ALTER TABLE ${table} DROP COLUMN ${sql.id(`${before.apiName}__currency`)}`,
      ],
    };
  }
  const options = (after.config.options ?? []).map((o) => o.value);
  if ((from === "text" || from === "single_select") && to === "single_select") {
    return {
      unconvertible: sql`${column} IS NOT NULL AND NOT (${column} = ANY(${options}::text[]))`,
      statements: [],
    };
  }
  if (from === "single_select" && (to === "text" || to === "long_text"))
    return { unconvertible: null, statements: [] };
  if (from === "single_select" && to === "multi_select") {
    return {
      unconvertible: sql`${column} IS NOT NULL AND NOT (${column} = ANY(${options}::text[]))`,
      statements: [alter("text[]", sql`CASE WHEN ${column} IS NULL THEN NULL ELSE ARRAY[${column}] END`)],
    };
  }
  if (from === "multi_select" && to === "multi_select") {
    return {
      unconvertible: sql`${column} IS NOT NULL AND NOT (${column} <@ ${options}::text[])`,
      statements: [],
    };
  }
  if (from === "multi_select" && to === "single_select") {
    return {
      unconvertible: sql`${column} IS NOT NULL AND (cardinality(${column}) > 1 OR NOT (${column} <@ ${options}::text[]))`,
      statements: [alter("text", sql`${column}[1]`)],
    };
  }
  // The time zone is the validated organisation setting, never request input.
  const zone = sql.lit(timeZone);
  if (from === "date" && to === "datetime") {
    return {
      unconvertible: null,
      statements: [alter("timestamptz", sql`(${column}::timestamp AT TIME ZONE ${zone})`)],
    };
  }
  if (from === "datetime" && to === "date") {
    return { unconvertible: null, statements: [alter("date", sql`(${column} AT TIME ZONE ${zone})::date`)] };
  }
  // A computed field (formula) has no column: changing its expression converts nothing.
  if (from === to && (fieldTypeOf(from).columns(before).length > 0 || fieldTypeOf(from).computed))
    return { unconvertible: null, statements: [] };
  return null;
}
