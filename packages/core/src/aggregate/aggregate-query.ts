import type { FieldDefinition } from "../metadata/definitions.ts";

/** What an aggregate read computes per group (`count` counts records and names no field). */
export const AGGREGATE_FUNCTIONS = ["count", "count_distinct", "sum", "avg", "min", "max"] as const;
export type AggregateMeasure = (typeof AGGREGATE_FUNCTIONS)[number];

/**
 * How a date or datetime field groups: calendar buckets in the organisation's time zone, weeks from
 * Monday, and quarters and years that start in the organisation's fiscal-year month.
 */
export const DATE_BUCKETS = [
  "day",
  "week",
  "month",
  "quarter",
  "year",
  "fiscal_quarter",
  "fiscal_year",
] as const;
export type DateBucket = (typeof DATE_BUCKETS)[number];

export const AGGREGATE_LIMITS = {
  groupBy: 3,
  aggregates: 20,
  /** Groups one call may return unless it asks for fewer; more is a problem, never a silent cut. */
  defaultGroups: 1000,
  maxGroups: 10_000,
} as const;

/** `POST /api/records/{object}/aggregate` as a client writes it. */
export interface AggregateQuery {
  /** The same filter JSON as a list. */
  filter?: unknown;
  group_by?: GroupByInput[];
  aggregates: AggregateInput[];
  /** Group fields and aggregate names, `-` for descending: `-sum_amount,stage`. Default: by the group keys. */
  sort?: string;
  /** The most groups the caller accepts (default 1,000, at most 10,000); more groups is an error. */
  limit?: number;
}

export interface GroupByInput {
  field: string;
  /** Required for date and datetime fields, refused for the others. */
  bucket?: DateBucket;
}

export interface AggregateInput {
  fn: AggregateMeasure;
  /** Every function but `count` names a field. */
  field?: string;
  /** The value's name in the answer; default `count`, or `<fn>_<field>`. */
  as?: string;
}

/**
 * What an aggregate's value is, which decides its SQL and its JSON: counts are integers, numbers are JSON
 * numbers, decimals (formula money) are decimal strings, money is a map from currency code to a decimal
 * string (amounts in different currencies are never added up), dates are ISO strings.
 */
export type AggregateValueKind = "count" | "number" | "decimal" | "money" | "date" | "datetime";

export interface CheckedGroupBy {
  field: FieldDefinition;
  bucket?: DateBucket;
  /** Whether the field (or formula result) is a date or a datetime: buckets of a datetime follow the time zone. */
  temporal?: "date" | "datetime";
}

export interface CheckedAggregate {
  fn: AggregateMeasure;
  field?: FieldDefinition;
  name: string;
  kind: AggregateValueKind;
}

export interface CheckedSortKey {
  /** A group field's API name or an aggregate's name. */
  name: string;
  direction: "asc" | "desc";
}

export interface CheckedAggregateQuery {
  groupBy: CheckedGroupBy[];
  aggregates: CheckedAggregate[];
  sort: CheckedSortKey[];
  limit: number;
}

/** One group of the answer: the group fields' values (a date bucket as its first day) and the aggregates. */
export interface AggregateGroup {
  key: Record<string, string | number | boolean | null>;
  values: Record<string, number | string | Record<string, string> | null>;
}

export interface AggregateResult {
  groups: AggregateGroup[];
}
