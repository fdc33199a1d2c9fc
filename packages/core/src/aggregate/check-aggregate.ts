import type { FieldIssue } from "../errors/keduo-error.ts";
import type { FilterFields } from "../filter/check-filter.ts";
import type { FieldDefinition } from "../metadata/definitions.ts";
import {
  AGGREGATE_FUNCTIONS,
  AGGREGATE_LIMITS,
  type AggregateMeasure,
  type AggregateValueKind,
  type CheckedAggregate,
  type CheckedAggregateQuery,
  type CheckedGroupBy,
  type CheckedSortKey,
  DATE_BUCKETS,
  type DateBucket,
} from "./aggregate-query.ts";

/** What a field's values are to an aggregate read: `none` can be neither grouped nor aggregated. */
export type FieldValueClass = "number" | "decimal" | "money" | "date" | "datetime" | "discrete" | "none";

const CLASS_OF_TYPE: Partial<Record<FieldDefinition["type"], FieldValueClass>> = {
  number: "number",
  percent: "number",
  currency: "money",
  date: "date",
  datetime: "datetime",
  single_select: "discrete",
  user: "discrete",
  department: "discrete",
  boolean: "discrete",
  text: "discrete",
  email: "discrete",
  phone: "discrete",
  url: "discrete",
  auto_number: "discrete",
};

const CLASS_OF_FORMULA_RESULT: Record<string, FieldValueClass> = {
  number: "number",
  percent: "number",
  // A formula's money has no currency code of its own: summed as a decimal.
  currency: "decimal",
  date: "date",
  datetime: "datetime",
  text: "discrete",
  boolean: "discrete",
  select: "discrete",
  user: "discrete",
};

export function fieldValueClass(field: FieldDefinition): FieldValueClass {
  if (field.type === "formula") return CLASS_OF_FORMULA_RESULT[field.config.result_type ?? ""] ?? "none";
  if (field.type === "relation")
    return field.config.relation?.cardinality === "many_to_many" ? "none" : "discrete";
  return CLASS_OF_TYPE[field.type] ?? "none";
}

/** Which value classes each function takes, and what it answers for each. */
const RESULT_KIND: Record<AggregateMeasure, Partial<Record<FieldValueClass, AggregateValueKind>>> = {
  count: {},
  count_distinct: { number: "count", decimal: "count", date: "count", datetime: "count", discrete: "count" },
  sum: { number: "number", decimal: "decimal", money: "money" },
  avg: { number: "number", decimal: "decimal", money: "money" },
  min: { number: "number", decimal: "decimal", money: "money", date: "date", datetime: "datetime" },
  max: { number: "number", decimal: "decimal", money: "money", date: "date", datetime: "datetime" },
};

const GROUPABLE = new Set<FieldValueClass>(["discrete", "number", "decimal", "date", "datetime"]);
const NAME = /^[a-z][a-z0-9_]{0,62}$/;

export type AggregateCheckResult =
  | { readonly ok: true; readonly query: CheckedAggregateQuery }
  | { readonly ok: false; readonly problems: readonly FieldIssue[] };

/**
 * Checks an aggregate read against the fields its reader may see (unknown and hidden fields alike are
 * `unknown_field`), reporting every problem at once at its JSON path: each group field can be grouped
 * (date fields with a bucket, nothing else with one), each function takes its field, names are unique.
 * The filter is checked separately, by the filter checker.
 * @example checkAggregate({ group_by: [{ field: "stage" }], aggregates: [{ fn: "sum", field: "amount" }] }, fields)
 */
export function checkAggregate(input: unknown, fields: FilterFields): AggregateCheckResult {
  const problems: FieldIssue[] = [];
  const problem = (field: string, code: string, params?: FieldIssue["params"]) =>
    problems.push(params ? { field, code, params } : { field, code });
  const query = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;

  const fieldAt = (value: unknown, path: string): FieldDefinition | undefined => {
    if (typeof value !== "string" || value === "") {
      problem(path, "required");
      return undefined;
    }
    const field = fields.get(value);
    if (!field) problem(path, "unknown_field", { name: value });
    return field;
  };

  const groupBy: CheckedGroupBy[] = [];
  const groupInput = listAt(query.group_by, "group_by", AGGREGATE_LIMITS.groupBy, problem);
  for (const [index, raw] of groupInput.entries()) {
    const at = `group_by.${index}`;
    const item = objectOf(raw);
    const field = fieldAt(item.field, `${at}.field`);
    const bucket = item.bucket;
    if (bucket !== undefined && !(DATE_BUCKETS as readonly unknown[]).includes(bucket))
      problem(`${at}.bucket`, "invalid_option", { value: String(bucket) });
    if (!field) continue;
    const valueClass = fieldValueClass(field);
    if (!GROUPABLE.has(valueClass)) {
      problem(`${at}.field`, "not_groupable", { name: field.apiName });
      continue;
    }
    const temporal = valueClass === "date" || valueClass === "datetime" ? valueClass : undefined;
    if (temporal && bucket === undefined) {
      problem(`${at}.bucket`, "bucket_required", { buckets: DATE_BUCKETS.join(", ") });
      continue;
    }
    if (!temporal && bucket !== undefined) {
      problem(`${at}.bucket`, "bucket_not_allowed");
      continue;
    }
    if (groupBy.some((g) => g.field.apiName === field.apiName)) {
      problem(`${at}.field`, "duplicate_value", { value: field.apiName });
      continue;
    }
    groupBy.push({ field, ...(temporal ? { temporal, bucket: bucket as DateBucket } : {}) });
  }

  const aggregates: CheckedAggregate[] = [];
  const names = new Set(groupBy.map((g) => g.field.apiName));
  const aggregateInput = listAt(query.aggregates, "aggregates", AGGREGATE_LIMITS.aggregates, problem);
  if (query.aggregates === undefined || (Array.isArray(query.aggregates) && query.aggregates.length === 0))
    problem("aggregates", "required");
  for (const [index, raw] of aggregateInput.entries()) {
    const at = `aggregates.${index}`;
    const item = objectOf(raw);
    const fn = item.fn as AggregateMeasure;
    if (!AGGREGATE_FUNCTIONS.includes(fn)) {
      problem(`${at}.fn`, "invalid_option", { value: String(item.fn) });
      continue;
    }
    let field: FieldDefinition | undefined;
    let kind: AggregateValueKind = "count";
    if (fn === "count") {
      if (item.field !== undefined) {
        problem(`${at}.field`, "field_not_allowed");
        continue;
      }
    } else {
      field = fieldAt(item.field, `${at}.field`);
      if (!field) continue;
      const resultKind = RESULT_KIND[fn][fieldValueClass(field)];
      if (!resultKind) {
        problem(`${at}.field`, "not_aggregatable", { fn, name: field.apiName });
        continue;
      }
      kind = resultKind;
    }
    const name = item.as ?? (field ? `${fn}_${field.apiName}` : fn);
    if (typeof name !== "string" || !NAME.test(name)) {
      problem(`${at}.as`, "invalid_alias");
      continue;
    }
    if (names.has(name)) {
      problem(`${at}.as`, "duplicate_name", { value: name });
      continue;
    }
    names.add(name);
    aggregates.push({ fn, name, kind, ...(field ? { field } : {}) });
  }

  const sort = checkSort(query.sort, groupBy, aggregates, problem);
  const limit = query.limit ?? AGGREGATE_LIMITS.defaultGroups;
  if (
    typeof limit !== "number" ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > AGGREGATE_LIMITS.maxGroups
  )
    problem("limit", "out_of_range");

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, query: { groupBy, aggregates, sort, limit: limit as number } };
}

function checkSort(
  value: unknown,
  groupBy: CheckedGroupBy[],
  aggregates: CheckedAggregate[],
  problem: (field: string, code: string, params?: FieldIssue["params"]) => void,
): CheckedSortKey[] {
  if (value === undefined || value === "") return [];
  if (typeof value !== "string") {
    problem("sort", "invalid_type", { expected: "string" });
    return [];
  }
  const keys: CheckedSortKey[] = [];
  for (const part of value.split(",").map((s) => s.trim())) {
    const name = part.replace(/^[-+]/, "");
    const aggregate = aggregates.find((a) => a.name === name);
    if (!aggregate && !groupBy.some((g) => g.field.apiName === name)) {
      problem("sort", "unknown_field", { name });
      continue;
    }
    // A money value is a map over currencies: there is no one order for it.
    if (aggregate?.kind === "money") {
      problem("sort", "not_sortable", { name });
      continue;
    }
    keys.push({ name, direction: part.startsWith("-") ? "desc" : "asc" });
  }
  return keys;
}

function listAt(
  value: unknown,
  path: string,
  max: number,
  problem: (field: string, code: string, params?: FieldIssue["params"]) => void,
): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problem(path, "invalid_type", { expected: "array" });
    return [];
  }
  if (value.length > max) problem(path, "too_many", { max });
  return value.slice(0, max);
}

const objectOf = (value: unknown) =>
  (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
