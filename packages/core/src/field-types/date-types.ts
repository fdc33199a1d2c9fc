import { COMPARABLE_OPERATORS, type FieldType, fail, ok } from "./field-type.ts";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An offset is required: a datetime without one would mean different instants on different servers.
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

// Plain arithmetic rather than a Date round trip: every date of a bulk write passes here.
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!);
}

export function parseDateValue(value: unknown) {
  if (typeof value !== "string" || !isCalendarDate(value))
    return fail("invalid_format", { format: "YYYY-MM-DD" });
  return ok(value);
}

/**
 * A valid instant in the years 0001–9999 UTC: what the API writes back (`toISOString`, four-digit years) and
 * PostgreSQL takes from the driver — `0001-01-01T00:00:00+14:00` is in the year 0, which PostgreSQL refuses.
 */
export function isStorableInstant(instant: Date): boolean {
  const year = instant.getUTCFullYear();
  return !Number.isNaN(instant.getTime()) && year >= 1 && year <= 9999;
}

export function parseDatetimeValue(value: unknown) {
  if (typeof value !== "string" || !DATETIME.test(value)) {
    return fail("invalid_format", { format: "ISO 8601 (2026-01-31T09:30:00+08:00)" });
  }
  const instant = new Date(value);
  if (!isStorableInstant(instant) || !isCalendarDate(value.slice(0, 10))) {
    return fail("invalid_format", { format: "ISO 8601" });
  }
  return ok(instant);
}

const DATE_OPERATORS = [...COMPARABLE_OPERATORS, "within"] as const;

export const dateType: FieldType = {
  name: "date",
  label: { "zh-CN": "日期", en: "Date" },
  resolveConfig: () => ({}),
  columns: (field) => [{ name: field.apiName, sqlType: "date" }],
  jsonSchema: () => ({ type: ["string", "null"], format: "date" }),
  toColumns(value, field) {
    if (value === null || value === undefined || value === "") return ok({ [field.apiName]: null });
    const parsed = parseDateValue(value);
    return parsed.ok ? ok({ [field.apiName]: parsed.value }) : parsed;
  },
  fromColumns: (row, field) => row[field.apiName] ?? null,
  parseOperand: parseDateValue,
  operators: DATE_OPERATORS,
  sortable: true,
  supportsUnique: true,
  supportsIndex: true,
};

export const datetimeType: FieldType = {
  name: "datetime",
  label: { "zh-CN": "日期时间", en: "Date & time" },
  resolveConfig: () => ({}),
  columns: (field) => [{ name: field.apiName, sqlType: "timestamptz" }],
  jsonSchema: () => ({ type: ["string", "null"], format: "date-time" }),
  toColumns(value, field) {
    if (value === null || value === undefined || value === "") return ok({ [field.apiName]: null });
    const parsed = parseDatetimeValue(value);
    return parsed.ok ? ok({ [field.apiName]: parsed.value }) : parsed;
  },
  fromColumns(row, field) {
    const value = row[field.apiName];
    return value instanceof Date ? value.toISOString() : (value ?? null);
  },
  parseOperand: parseDatetimeValue,
  operators: DATE_OPERATORS,
  sortable: true,
  supportsUnique: true,
  supportsIndex: true,
};

export const booleanType: FieldType = {
  name: "boolean",
  label: { "zh-CN": "是/否", en: "Yes/No" },
  resolveConfig: () => ({}),
  columns: (field) => [{ name: field.apiName, sqlType: "boolean" }],
  jsonSchema: () => ({ type: ["boolean", "null"] }),
  toColumns(value, field) {
    if (value === null || value === undefined) return ok({ [field.apiName]: null });
    return typeof value === "boolean"
      ? ok({ [field.apiName]: value })
      : fail("invalid_type", { expected: "true/false" });
  },
  fromColumns: (row, field) => row[field.apiName] ?? null,
  parseOperand: (value) =>
    typeof value === "boolean" ? ok(value) : fail("invalid_type", { expected: "true/false" }),
  operators: ["eq", "neq", "is_empty", "is_not_empty"],
  sortable: true,
  supportsUnique: false,
  supportsIndex: true,
};
