import type { FieldIssue } from "../errors/keduo-error.ts";
import { FILTER_OPERATORS, type FilterOperator } from "../field-types/field-type.ts";
import { unstorableTextPaths } from "../text/storable-text.ts";
import type { ConditionNode, FilterNode } from "./ast.ts";

export const FILTER_LIMITS = {
  /** Nesting of and / or / not below the top object. */
  maxDepth: 8,
  /** Operators in one filter, over all fields. */
  maxConditions: 100,
  /** Values of one `in`, `nin` or list `contains`. */
  maxList: 1000,
} as const;

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
 * Reads filter JSON (DESIGN §5) into its syntax tree, knowing no field: every problem of its structure is
 * reported at once, each at its path under `root` (`filter.and.1.amount.gte`). An object's keys are ANDed;
 * `and`, `or` and `not` nest; any other key is a field with an object of operators from FILTER_OPERATORS.
 * Operands are left to the checker. Text PostgreSQL cannot bind (NUL, lone surrogates) anywhere in the
 * JSON is refused first and alone: it never reaches SQL.
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
        parts.push(fieldGroup(key, operand, at));
      }
    }
    if (parts.length === 0 && entries.length > 0) return null; // every part had a problem
    return parts.length === 1 ? parts[0]! : { kind: "and", nodes: parts, path };
  };

  /**
   * `"amount": {"gte": 1, "lt": 9}`: each operator is one condition, ANDed; no operator at all is a bare
   * field. A group with problems leaves at least the bare field in the partial tree, so that the checker
   * still says whether the field exists.
   */
  const fieldGroup = (field: string, operators: unknown, path: string): FilterNode => {
    const bare: FilterNode = { kind: "bare_field", field, path };
    if (!isPlainObject(operators)) {
      problems.push({ field: path, code: "invalid_type", params: { expected: '{"operator": value}' } });
      return bare;
    }
    const entries = Object.entries(operators);
    const nodes: ConditionNode[] = [];
    for (const [operator, value] of entries) {
      if (++conditions > FILTER_LIMITS.maxConditions) {
        problems.push({ field: path, code: "too_many", params: { max: FILTER_LIMITS.maxConditions } });
        return bare;
      }
      const at = `${path}.${operator}`;
      if (!OPERATORS.has(operator)) {
        problems.push({ field: at, code: "unknown_operator", params: { operator } });
        continue;
      }
      nodes.push({ kind: "condition", field, operator: operator as FilterOperator, value, path: at });
    }
    if (nodes.length === 0) return bare;
    return nodes.length === 1 && entries.length === 1 ? nodes[0]! : { kind: "and", nodes, path };
  };

  const ast = node(json, root, 0);
  if (problems.length) return { ok: false, problems, partial: ast };
  return { ok: true, ast: ast! };
}
