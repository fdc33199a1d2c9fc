import { type FieldIssue, isKeduoError, KeduoError, readFilter } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import type { RestrictedModel } from "../access/index.ts";
import { parseSort } from "../records/index.ts";
import type { ViewDefinition } from "./view-rows.ts";

export const MAX_COLUMNS = 100;
export const MAX_SORT_KEYS = 5;
export const MAX_SEARCH = 200;
export const MAX_NAME = 100;

/** A view definition as a client sends it: every part optional (PATCH sends only what changed). */
export interface DefinitionInput {
  columns?: Array<{ field: string; width?: number }>;
  filter?: unknown;
  sort?: Array<{ field: string; direction: "asc" | "desc" }>;
  search?: string | null;
}

/**
 * The object as one user may see it: a view's filter is checked (never run) against its queryable fields
 * by the same readFilter the records API compiles from, so a view can hold exactly the filters the records
 * API accepts from that user.
 */
export interface DefinitionScope {
  model: RestrictedModel;
  schemas: Schemas;
  today: string;
  timeZone: string;
}

/** Fields a view may show as a column: the user's visible fields and the system pseudo-fields, not `id`. */
function columnField(scope: DefinitionScope, name: string) {
  return name === "id" ? undefined : scope.model.queryable.get(name);
}

function sortIssue(scope: DefinitionScope, key: { field: string; direction: string }): string | null {
  if (!columnField(scope, key.field)) return "unknown_field";
  try {
    parseSort(scope.model, `${key.direction === "desc" ? "-" : ""}${key.field}`, () => sql`NULL`);
    return null;
  } catch (error) {
    if (isKeduoError(error) && error.code === "INVALID_SORT") return "not_sortable";
    throw error;
  }
}

/** The problems of a filter, with the filter language's own paths (`filter.and.0.region.eq`), or none. */
export function filterIssues(scope: DefinitionScope, filter: unknown): FieldIssue[] {
  if (filter === null || filter === undefined) return [];
  const read = readFilter(filter, scope.model.queryable);
  return read.ok ? [] : [...read.problems];
}

/** Checks every part that is present and reports all problems at once (paths are the request's). */
export function checkDefinition(scope: DefinitionScope, input: DefinitionInput): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.columns) {
    if (input.columns.length > MAX_COLUMNS)
      issues.push({ field: "columns", code: "too_many", params: { max: MAX_COLUMNS } });
    const seen = new Set<string>();
    input.columns.forEach((column, index) => {
      const path = `columns.${index}.field`;
      if (!columnField(scope, column.field))
        issues.push({ field: path, code: "unknown_field", params: { name: column.field } });
      else if (seen.has(column.field))
        issues.push({ field: path, code: "duplicate_value", params: { value: column.field } });
      seen.add(column.field);
    });
  }
  if (input.sort) {
    if (input.sort.length > MAX_SORT_KEYS)
      issues.push({ field: "sort", code: "too_many", params: { max: MAX_SORT_KEYS } });
    const seen = new Set<string>();
    input.sort.forEach((key, index) => {
      const path = `sort.${index}.field`;
      const code = sortIssue(scope, key);
      if (code) issues.push({ field: path, code, params: { name: key.field } });
      else if (seen.has(key.field))
        issues.push({ field: path, code: "duplicate_value", params: { value: key.field } });
      seen.add(key.field);
    });
  }
  if (input.filter !== undefined) issues.push(...filterIssues(scope, input.filter));
  return issues;
}

export function assertDefinition(scope: DefinitionScope, input: DefinitionInput): void {
  const issues = checkDefinition(scope, input);
  if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
}

type Relaxed = { kind: "true" } | { kind: "false" } | { kind: "node"; node: unknown };
const TRUE: Relaxed = { kind: "true" };
const FALSE: Relaxed = { kind: "false" };
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The filter with every condition this user cannot apply (a field hidden from them, deleted since, or whose
 * type no longer takes the operator) taken out so that the result can only grow: such a condition becomes
 * TRUE where it narrows the result and FALSE under a NOT, then the tree is simplified. A view therefore never
 * hides a record from a user because of a condition they cannot see (docs/adr/0009-saved-list-views.md).
 */
export function relaxFilter(scope: DefinitionScope, filter: unknown): { filter: unknown; relaxed: boolean } {
  if (filter === null || filter === undefined) return { filter: null, relaxed: false };
  let relaxed = false;
  const unavailable = (positive: boolean): Relaxed => {
    relaxed = true;
    return positive ? TRUE : FALSE;
  };
  const all = (parts: Relaxed[], op: "and" | "or"): Relaxed => {
    const absorbing = op === "and" ? "false" : "true";
    if (parts.some((p) => p.kind === absorbing)) return op === "and" ? FALSE : TRUE;
    const nodes = parts.flatMap((p) => (p.kind === "node" ? [p.node] : []));
    if (nodes.length === 0) return op === "and" ? TRUE : FALSE;
    return { kind: "node", node: nodes.length === 1 ? nodes[0] : { [op]: nodes } };
  };
  const visit = (node: unknown, positive: boolean): Relaxed => {
    if (!isPlainObject(node)) return unavailable(positive);
    const parts: Relaxed[] = [];
    for (const [key, operand] of Object.entries(node)) {
      if (key === "and" || key === "or") {
        if (!Array.isArray(operand) || operand.length === 0) parts.push(unavailable(positive));
        else
          parts.push(
            all(
              operand.map((child) => visit(child, positive)),
              key,
            ),
          );
      } else if (key === "not") {
        const inner = visit(operand, !positive);
        parts.push(
          inner.kind === "node"
            ? { kind: "node", node: { not: inner.node } }
            : inner.kind === "true"
              ? FALSE
              : TRUE,
        );
      } else {
        const leaf = { [key]: operand };
        parts.push(filterIssues(scope, leaf).length ? unavailable(positive) : { kind: "node", node: leaf });
      }
    }
    return all(parts, "and");
  };
  const result = visit(filter, true);
  if (!relaxed) return { filter, relaxed: false };
  // Under positive polarity the whole filter can only relax to TRUE (no filter), never to FALSE.
  return { filter: result.kind === "node" ? result.node : null, relaxed: true };
}

/** The definition as `scope`'s user may see it: columns and sort keys they cannot use are left out. */
export function definitionFor(
  scope: DefinitionScope,
  definition: ViewDefinition,
): ViewDefinition & { filterRelaxed: boolean } {
  const { filter, relaxed } = relaxFilter(scope, definition.filter);
  return {
    columns: definition.columns.filter((column) => columnField(scope, column.field)),
    sort: definition.sort.filter((key) => sortIssue(scope, key) === null),
    filter,
    search: definition.search,
    filterRelaxed: relaxed,
  };
}
