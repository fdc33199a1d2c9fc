import type { FieldIssue } from "../errors/keduo-error.ts";
import { checkFilter, type FilterCheckResult, type FilterFields } from "./check-filter.ts";
import { parseFilter } from "./parse-filter.ts";

/**
 * Parses and checks filter JSON in one go: the problems of both, in the order they are written in the JSON
 * (a parent before what it holds, keys and list items in order), so a client sees one list whatever step
 * found each problem. Under an unknown field only the field is reported.
 * @example
 * const read = readFilter({ region: { eq: "华东" } }, fieldsByName);
 * if (!read.ok) throw new KeduoError("INVALID_FILTER", { issues: [...read.problems] });
 */
export function readFilter(json: unknown, fields: FilterFields, root = "filter"): FilterCheckResult {
  const parsed = parseFilter(json, root);
  if (parsed.ok) return checkFilter(parsed.ast, fields, root);
  const checked = parsed.partial ? checkFilter(parsed.partial, fields, root) : null;
  if (!checked || checked.ok) return { ok: false, problems: parsed.problems };
  // What is written under an unknown field is not looked into: the field is the one problem there.
  const unknown = checked.problems.filter((p) => p.code === "unknown_field").map((p) => p.field);
  const under = (path: string) => unknown.some((field) => path === field || path.startsWith(`${field}.`));
  const problems = [...parsed.problems.filter((p) => !under(p.field)), ...checked.problems];
  return { ok: false, problems: problems.sort(documentOrder(json, root)) };
}

/**
 * Compares two problem paths by where they point in `json`: the first segment where they differ decides,
 * by the position of its key in its object (or index in its list); a path that is a prefix of the other
 * comes first. Paths that leave the JSON (a list of one standing for a scalar) compare equal there, which a
 * stable sort keeps in the order found.
 */
function documentOrder(json: unknown, root: string) {
  const segments = (path: string) => (path === root ? [] : path.slice(root ? root.length + 1 : 0).split("."));
  return (a: FieldIssue, b: FieldIssue): number => {
    const left = segments(a.field);
    const right = segments(b.field);
    let value = json;
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      if (left[i] !== right[i]) return rank(value, left[i]!) - rank(value, right[i]!);
      value =
        typeof value === "object" && value !== null
          ? (value as Record<string, unknown>)[left[i]!]
          : undefined;
    }
    return left.length - right.length;
  };
}

function rank(container: unknown, key: string): number {
  if (Array.isArray(container)) return /^\d+$/.test(key) ? Number(key) : 0;
  if (typeof container !== "object" || container === null) return 0;
  const index = Object.keys(container).indexOf(key);
  return Math.max(index, 0);
}
