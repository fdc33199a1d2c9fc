import type { FieldIssue } from "../errors/keduo-error.ts";
import { fieldHoldsMany, fieldOperators } from "../field-types/field-type.ts";
import { fieldTypeOf } from "../field-types/registry.ts";
import type { FieldDefinition } from "../metadata/definitions.ts";
import { parseRelativeDate } from "../time/relative-dates.ts";
import type { ConditionNode, FilterNode } from "./ast.ts";
import type { CheckedCondition, CheckedFilter } from "./checked-filter.ts";
import { FILTER_LIMITS } from "./parse-filter.ts";

export const RELATIVE_DATE_HINT = "today, last_7_days, next_30_days, this_month…";

/** The fields a filter may name, by API name: for a user, the fields they see and the system pseudo-fields. */
export interface FilterFields {
  get(apiName: string): FieldDefinition | undefined;
}

export type FilterCheckResult =
  | { readonly ok: true; readonly filter: CheckedFilter }
  | { readonly ok: false; readonly problems: readonly FieldIssue[] };

/**
 * Checks a filter against fields, in the order the records API always has: each field exists, takes the
 * operator (its field type declares which: FieldType.operators / operatorsOf), the operand has the
 * operator's shape (a list of 1–1000 for in / nin and a set-valued contains, a pair for between, a boolean
 * for is_empty / is_not_empty, a RELATIVE_DATE_PATTERNS token for within) and each value reads as the
 * field's type (FieldType.parseOperand).
 * All problems at once, at the nodes' paths (or, for nodes built in code, the paths printFilter would give
 * them under `root`); an unknown field is reported once, at its own path.
 * @example
 * const parsed = parseFilter({ amount: { gte: "1000" } });
 * const checked = parsed.ok ? checkFilter(parsed.ast, new Map([["amount", amountField]])) : null;
 */
export function checkFilter(ast: FilterNode, fields: FilterFields, root = "filter"): FilterCheckResult {
  const problems: FieldIssue[] = [];
  const unknown = new Set<string>();
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

  // `at` is the path of the JSON object the node is written in.
  const visit = (node: FilterNode, at: string): CheckedFilter | null => {
    switch (node.kind) {
      case "and":
      case "or": {
        const list = join(at, node.kind);
        const nodes = node.nodes.map((child, index) => visit(child, `${list}.${index}`));
        return { kind: node.kind, nodes: nodes.filter((n) => n !== null) };
      }
      case "not": {
        const inner = visit(node.node, join(at, "not"));
        return inner && { kind: "not", node: inner };
      }
      case "condition":
        return condition(node, node.path ?? join(join(at, node.field), node.operator));
      case "bare_field":
        return fieldOf(node.field, node.path ?? join(at, node.field)) ? { kind: "or", nodes: [] } : null;
    }
  };

  /** The field named at `fieldPath`, or undefined with unknown_field reported there once. */
  const fieldOf = (name: string, fieldPath: string): FieldDefinition | undefined => {
    const field = fields.get(name);
    if (!field && !unknown.has(fieldPath)) {
      problems.push({ field: fieldPath, code: "unknown_field", params: { name } });
      unknown.add(fieldPath);
    }
    return field;
  };

  const operand = (field: FieldDefinition, value: unknown, path: string): unknown => {
    const parsed = fieldTypeOf(field.type).parseOperand(value, field);
    if (parsed.ok) return parsed.value;
    problems.push({ field: path, code: parsed.code, ...(parsed.params ? { params: parsed.params } : {}) });
    return null;
  };
  const operands = (field: FieldDefinition, values: readonly unknown[], path: string) =>
    values.map((value, index) => operand(field, value, `${path}.${index}`));

  const condition = (node: ConditionNode, path: string): CheckedCondition | null => {
    const field = fieldOf(node.field, path.slice(0, path.length - node.operator.length - 1));
    if (!field) return null;
    const type = fieldTypeOf(field.type);
    if (!fieldOperators(type, field).includes(node.operator)) {
      problems.push({ field: path, code: "unknown_operator", params: { operator: node.operator } });
      return null;
    }
    const { value } = node;
    switch (node.operator) {
      case "eq":
      case "neq":
      case "lt":
      case "lte":
      case "gt":
      case "gte":
        return { kind: "compare", field, operator: node.operator, value: operand(field, value, path) };
      case "in":
      case "nin": {
        const values = list(value, path);
        return (
          values && {
            kind: "in",
            field,
            negated: node.operator === "nin",
            values: operands(field, values, path),
          }
        );
      }
      case "between":
        if (!Array.isArray(value) || value.length !== 2) {
          problems.push({ field: path, code: "invalid_type", params: { expected: "[from, to]" } });
          return null;
        }
        return {
          kind: "between",
          field,
          from: operand(field, value[0], `${path}.0`),
          to: operand(field, value[1], `${path}.1`),
        };
      case "is_empty":
      case "is_not_empty":
        if (typeof value !== "boolean") {
          problems.push({ field: path, code: "invalid_type", params: { expected: "true/false" } });
          return null;
        }
        return { kind: "empty", field, empty: (node.operator === "is_empty") === value };
      case "within": {
        const period = typeof value === "string" ? parseRelativeDate(value) : null;
        if (period) return { kind: "within", field, period };
        problems.push({ field: path, code: "invalid_format", params: { format: RELATIVE_DATE_HINT } });
        return null;
      }
      case "contains":
      case "starts_with": {
        if (node.operator === "contains" && fieldHoldsMany(type, field)) {
          const values = list(value, path);
          return values && { kind: "contains_all", field, values: operands(field, values, path) };
        }
        const text = operand(field, value, path);
        if (typeof text === "string") return { kind: "text", field, match: node.operator, text };
        // Every type that takes contains / starts_with reads text today; a new one that does not is refused.
        if (text !== null) problems.push({ field: path, code: "invalid_type", params: { expected: "text" } });
        return null;
      }
    }
  };

  /** A list operand: one value stands for a list of one; empty or over maxList is a problem (null). */
  const list = (value: unknown, path: string): readonly unknown[] | null => {
    const items = Array.isArray(value) ? value : [value];
    if (items.length > 0 && items.length <= FILTER_LIMITS.maxList) return items;
    problems.push({ field: path, code: "too_many", params: { max: FILTER_LIMITS.maxList } });
    return null;
  };

  const filter = visit(ast, root);
  if (problems.length || !filter) return { ok: false, problems };
  return { ok: true, filter };
}
