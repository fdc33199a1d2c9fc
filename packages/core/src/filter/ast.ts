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

/** At least one is true; an empty `or` is false. */
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

/**
 * `{"field": {}}`: a field named without any operator. It matches nothing (a field's operators are ANDed
 * and the language has always read none of them as false); the checker still checks that the field exists.
 */
export interface BareFieldNode {
  readonly kind: "bare_field";
  readonly field: string;
  /** The field's path (`filter.and.0.region`). */
  readonly path?: string;
}

/**
 * One `{"field": {"operator": value}}`. The value stays JSON: whether it fits the operator and the field
 * (a pair for between, a boolean for is_empty, a relative-date token for within, a number for a number
 * field) is for the checker, which knows the field.
 */
export interface ConditionNode {
  readonly kind: "condition";
  /** An API name: the checker looks it up among the fields the filter may name. */
  readonly field: string;
  readonly operator: FilterOperator;
  readonly value: unknown;
  /** Path of the operator (`filter.amount.gte`); the field's own path is this without `.gte`. */
  readonly path?: string;
}

export type FilterNode = AndNode | OrNode | NotNode | ConditionNode | BareFieldNode;
