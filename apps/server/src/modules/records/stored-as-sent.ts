import type { Row } from "./record-codec.ts";

/** How one SQL type's value, as a write sent it, reads back from the table. */
interface SentValue {
  /** Whether the stored value reads back as `read(value)`, exactly. */
  exact(value: unknown): boolean;
  /** What the pg driver gives for the stored value; the value itself when absent. */
  read?(value: unknown): unknown;
}

const WHOLE_NUMBER_TEXT = /^-?(0|[1-9]\d{0,15})$/;
const NEGATIVE_ZERO_TEXT = /^-0(\.0*)?$/;
const isString = (value: unknown): value is string => typeof value === "string";

/**
 * Whether PostgreSQL gives back exactly the JavaScript value a write sent, by a column's SQL type: the value
 * the pg driver parses from the stored column equals the insert document's (`json_to_recordset` turns a
 * JSON string into text, a canonical decimal into numeric with the same digits, …), or is a fixed function of
 * it (whole numbers sent as text read back as numbers: database.ts parses int8). Values in another shape
 * than the field types write (`toColumns`) — a decimal with leading zeros, a third decimal for a money
 * column, which the column would round — are not exact, and their column is read back. `jsonb` (keys
 * reordered) and `uuid[]` always are. This holds because object tables have no triggers or generated columns
 * that change a row as it is inserted (schema-sync creates none); one that did would need its columns read back.
 */
const SENT_VALUES: Record<string, SentValue> = {
  text: { exact: isString },
  bigint: {
    exact: (value) =>
      (isString(value) &&
        WHOLE_NUMBER_TEXT.test(value) &&
        Number.isSafeInteger(Number(value)) &&
        value !== "-0") ||
      (Number.isSafeInteger(value) && !Object.is(value, -0)),
    read: Number,
  },
  // numeric keeps the digits it is given; PostgreSQL has no negative zero.
  numeric: {
    exact: (value) =>
      isString(value) && /^-?(0|[1-9]\d*)(\.\d+)?$/.test(value) && !NEGATIVE_ZERO_TEXT.test(value),
  },
  // Two decimals exactly: the column would round a third one away and pad a missing one.
  "numeric(18,2)": {
    exact: (value) => isString(value) && /^-?(0|[1-9]\d{0,15})\.\d{2}$/.test(value) && value !== "-0.00",
  },
  boolean: { exact: (value) => typeof value === "boolean" },
  // The driver keeps dates as PostgreSQL writes them: four-digit years, zero-padded.
  date: { exact: (value) => isString(value) && /^\d{4}-\d{2}-\d{2}$/.test(value) },
  // A Date is sent as its ISO text, to the millisecond, and read back to the millisecond.
  timestamptz: { exact: (value) => value instanceof Date && !Number.isNaN(value.getTime()) },
  "text[]": { exact: (value) => Array.isArray(value) && value.every(isString) },
  // PostgreSQL writes uuids in lower case with hyphens.
  uuid: {
    exact: (value) =>
      isString(value) && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value),
  },
};

const asSent = (value: unknown) => value;

/**
 * The document's columns whose stored values need not be read back, each with how its values read: every
 * record's value must be exact for its column's type (one odd value and the column is read back for all the
 * write's records). Absent and null values are stored as NULL.
 */
export function columnsStoredAsSent(
  columns: readonly string[],
  sqlTypes: readonly string[],
  values: readonly Row[],
): Map<string, (value: unknown) => unknown> {
  const stored = new Map<string, (value: unknown) => unknown>();
  columns.forEach((column, i) => {
    const type = SENT_VALUES[sqlTypes[i]!];
    if (!type) return;
    for (const row of values) {
      const value = row[column];
      if (value !== undefined && value !== null && !type.exact(value)) return;
    }
    stored.set(column, type.read ?? asSent);
  });
  return stored;
}
