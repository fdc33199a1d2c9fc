import type { FieldIssue } from "../errors/keduo-error.ts";
import { FILTER_OPERATORS, type FilterOperator } from "../field-types/field-type.ts";
import { unstorableTextPaths } from "../text/storable-text.ts";
import { parseRelativeDate } from "../time/relative-dates.ts";
import type { ConditionNode, FilterNode } from "./ast.ts";

export const FILTER_LIMITS = {
  /** Nesting of and / or / not below the top object. */
  maxDepth: 8,
  /** Operators in one filter, over all fields. */
  maxConditions: 100,
  /** Values of one `in`, `nin` or list `contains`. */
  maxList: 1000,
} as const;

export const RELATIVE_DATE_HINT = "today, last_7_days, next_30_days, this_month…";

export type FilterParseResult =
  | { readonly ok: true; readonly ast: FilterNode }
  | {
      readonly ok: false;
      readonly problems: readonly FieldIssue[];
      /** What could be read, for the checker to report its problems too; null when nothing should be. */
      readonly partial: FilterNode | null;
    };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const OPERATORS: ReadonlySet<string> = new Set(FILTER_OPERATORS);

/**
 * Reads filter JSON (DESIGN §5) into its syntax tree, knowing no field: every problem of its shape is
 * reported at once, each at its path under `root` (`filter.and.1.amount.gte`). An object's keys are ANDed;
 * `and`, `or` and `not` nest; any other key is a field with an object of operators. Text PostgreSQL cannot
 * bind (NUL, lone surrogates) anywhere in the JSON is refused first and alone: it never reaches SQL.
 * `null` is not a filter here; callers treat a missing filter as no filter.
 * @example
 * const parsed = parseFilter({ and: [{ region: { eq: "华东" } }, { annual_revenue: { gte: 1000000 } }] });
 * if (parsed.ok) console.log(parsed.ast.kind); // "and"
 */
export function parseFilter(json: unknown, root = "filter"): FilterParseResult {
  const unstorable = unstorableTextPaths(json, root);
  if (unstorable.length) {
    const problems = unstorable.map((field) => ({ field, code: "invalid_characters" }));
    return { ok: false, problems, partial: null };
  }
  const problems: FieldIssue[] = [];
  let conditions = 0;
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

  const node = (value: unknown, path: string, depth: number): FilterNode | null => {
    if (depth > FILTER_LIMITS.maxDepth) {
      problems.push({ field: path, code: "too_many", params: { max: FILTER_LIMITS.maxDepth } });
      return null;
    }
    if (!isPlainObject(value)) {
      problems.push({ field: path, code: "invalid_type", params: { expected: "object" } });
      return null;
    }
    const parts: FilterNode[] = [];
    const entries = Object.entries(value);
    for (const [key, operand] of entries) {
      const at = join(path, key);
      if (key === "and" || key === "or") {
        if (!Array.isArray(operand) || operand.length === 0) {
          problems.push({ field: at, code: "invalid_type", params: { expected: "list" } });
          continue;
        }
        const nodes = operand.map((child, index) => node(child, `${at}.${index}`, depth + 1));
        parts.push({ kind: key, nodes: nodes.filter((n) => n !== null), path: at });
      } else if (key === "not") {
        const inner = node(operand, at, depth + 1);
        if (inner) parts.push({ kind: "not", node: inner, path: at });
      } else {
        const group = fieldGroup(key, operand, at);
        if (group) parts.push(group);
      }
    }
    if (parts.length === 0 && entries.length > 0) return null; // every part had a problem
    return parts.length === 1 ? parts[0]! : { kind: "and", nodes: parts, path };
  };

  /** `"amount": {"gte": 1, "lt": 9}`: each operator is one condition, ANDed; no operator at all is false. */
  const fieldGroup = (field: string, operators: unknown, path: string): FilterNode | null => {
    if (!isPlainObject(operators)) {
      problems.push({ field: path, code: "invalid_type", params: { expected: '{"operator": value}' } });
      return null;
    }
    const entries = Object.entries(operators);
    if (entries.length === 0) return { kind: "or", nodes: [], path };
    const nodes: ConditionNode[] = [];
    for (const [operator, value] of entries) {
      if (++conditions > FILTER_LIMITS.maxConditions) {
        problems.push({ field: path, code: "too_many", params: { max: FILTER_LIMITS.maxConditions } });
        return null;
      }
      const at = `${path}.${operator}`;
      if (!OPERATORS.has(operator)) {
        problems.push({ field: at, code: "unknown_operator", params: { operator } });
        continue;
      }
      const read = condition(field, operator as FilterOperator, value, at);
      if (read) nodes.push(read);
    }
    if (nodes.length !== entries.length) return nodes.length ? { kind: "and", nodes, path } : null;
    return nodes.length === 1 ? nodes[0]! : { kind: "and", nodes, path };
  };

  const condition = (
    field: string,
    operator: FilterOperator,
    value: unknown,
    path: string,
  ): ConditionNode | null => {
    switch (operator) {
      case "in":
      case "nin": {
        const values = listOperand(value, path, problems);
        return values && { kind: "condition", field, operator, value: values, path };
      }
      case "between":
        if (!Array.isArray(value) || value.length !== 2) {
          problems.push({ field: path, code: "invalid_type", params: { expected: "[from, to]" } });
          return null;
        }
        return { kind: "condition", field, operator, value: [value[0], value[1]], path };
      case "is_empty":
      case "is_not_empty":
        if (typeof value !== "boolean") {
          problems.push({ field: path, code: "invalid_type", params: { expected: "true/false" } });
          return null;
        }
        return { kind: "condition", field, operator, value, path };
      case "within":
        if (typeof value !== "string" || !parseRelativeDate(value)) {
          problems.push({ field: path, code: "invalid_format", params: { format: RELATIVE_DATE_HINT } });
          return null;
        }
        return { kind: "condition", field, operator, value, path };
      default:
        return { kind: "condition", field, operator, value, path };
    }
  };

  const ast = node(json, root, 0);
  if (problems.length) return { ok: false, problems, partial: ast };
  return { ok: true, ast: ast! };
}

/** A list operand: one value stands for a list of one; empty or over maxList is a problem (null). */
export function listOperand(value: unknown, path: string, problems: FieldIssue[]): readonly unknown[] | null {
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0 || items.length > FILTER_LIMITS.maxList) {
    problems.push({ field: path, code: "too_many", params: { max: FILTER_LIMITS.maxList } });
    return null;
  }
  return items;
}
