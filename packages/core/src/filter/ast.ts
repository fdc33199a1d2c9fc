import type { FilterOperator } from "../field-types/field-type.ts";

/**
 * The syntax tree of a filter (DESIGN §5), as written, before any field is looked up. Nodes are immutable.
 * `path` is where the node was written in the JSON (`filter.and.1.amount.gte`, the path problems are
 * reported at); parseFilter sets it, nodes built in code may leave it out.
 */

/** Every node of the JSON object or list is true: `{"and": [...]}`, or several keys side by side. */
export interface AndNode {
  readonly kind: "and";
  readonly nodes: readonly FilterNode[];
  readonly path?: string;
}

/** At least one is true. An empty `or` is false (`{"field": {}}` parses to it). */
export interface OrNode {
  readonly kind: "or";
  readonly nodes: readonly FilterNode[];
  readonly path?: string;
}

export interface NotNode {
  readonly kind: "not";
  readonly node: FilterNode;
  readonly path?: string;
}

export type CompareOperator = "eq" | "neq" | "lt" | "lte" | "gt" | "gte" | "contains" | "starts_with";

interface ConditionBase {
  readonly kind: "condition";
  /** An API name: the checker looks it up among the fields the filter may name. */
  readonly field: string;
  /** Path of the operator (`filter.amount.gte`); the field's own path is this without `.gte`. */
  readonly path?: string;
}

/**
 * One `{"field": {"operator": value}}`. The parser checks what every field shares (an in list's size, a
 * between's pair, a boolean for is_empty, a relative-date token); values stay JSON until the checker reads
 * them as the field's type.
 */
export type ConditionNode = ConditionBase &
  (
    | { readonly operator: CompareOperator; readonly value: unknown }
    | { readonly operator: "in" | "nin"; readonly value: readonly unknown[] }
    | { readonly operator: "between"; readonly value: readonly [unknown, unknown] }
    | { readonly operator: "is_empty" | "is_not_empty"; readonly value: boolean }
    /** A token of RELATIVE_DATE_PATTERNS (`next_30_days`). */
    | { readonly operator: "within"; readonly value: string }
  );

export type FilterNode = AndNode | OrNode | NotNode | ConditionNode;

/** The node that is always true: `{}`. */
export const TRUE_FILTER: AndNode = { kind: "and", nodes: [] };

const COMPARE: ReadonlySet<FilterOperator> = new Set([
  "eq",
  "neq",
  "lt",
  "lte",
  "gt",
  "gte",
  "contains",
  "starts_with",
]);

export function isCompareOperator(operator: FilterOperator): operator is CompareOperator {
  return COMPARE.has(operator);
}
