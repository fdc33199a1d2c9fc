import type { FilterNode } from "./ast.ts";

/**
 * The filter JSON of a tree, the inverse of parseFilter: `and` and `or` print as lists, a condition as
 * `{"field": {"operator": value}}`, a bare field as `{"field": {}}`, the empty `and` as `{}` and the empty
 * `or` (false) as `{"not": {}}`. parseFilter(printFilter(node)) gives `node` back, paths aside, for any
 * node without an empty `or`.
 * @example printFilter({ kind: "condition", field: "region", operator: "eq", value: "华东" })
 * // { region: { eq: "华东" } }
 */
export function printFilter(node: FilterNode): Record<string, unknown> {
  switch (node.kind) {
    case "and":
      return node.nodes.length ? { and: node.nodes.map(printFilter) } : {};
    case "or":
      return node.nodes.length ? { or: node.nodes.map(printFilter) } : { not: {} };
    case "not":
      return { not: printFilter(node.node) };
    case "condition":
      return { [node.field]: { [node.operator]: node.value } };
    case "bare_field":
      return { [node.field]: {} };
  }
}
