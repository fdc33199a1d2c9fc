import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import type { FieldMeta } from "../../api/types.ts";
import type { ListView, ViewInput, ViewList } from "../../api/views.queries.ts";
import {
  decodeFilter,
  EMPTY_FILTER,
  encodeFilter,
  type FilterCondition,
  type FilterState,
  formatSortParam,
  parseSortParam,
  type SortKey,
  toApiFilter,
} from "../../lib/filter-model.ts";

/** The URL parameters that make up what a list shows; a saved view is a named set of them. */
export type ListParams = {
  view: string | null;
  q: string | null;
  f: string | null;
  sort: string | null;
  cols: string | null;
};
const STATE_KEYS = ["q", "f", "sort", "cols"] as const;

/** What the URL's parameters say the list shows (shared by the list and the prefetch on navigation). */
export function parseListParams(params: URLSearchParams) {
  return {
    view: params.get("view"),
    q: params.get("q") ?? "",
    filter: decodeFilter(params.get("f")),
    sort: parseSortParam(params.get("sort")),
    columns: params.get("cols")?.split(",").filter(Boolean) ?? null,
    /** Nothing chosen in the URL: the user's last-used view (from the server) may be applied. */
    isBlank: !params.get("view") && STATE_KEYS.every((key) => !params.get(key)),
    /** Only `?view=` in the URL (a shared link): the view's definition is to be filled in. */
    namesViewOnly: Boolean(params.get("view")) && STATE_KEYS.every((key) => !params.get(key)),
  };
}

/** Whether what the list shows depends on its saved views: the URL is blank or names a view and nothing else. */
export const waitsForViews = (state: { isBlank: boolean; namesViewOnly: boolean }) =>
  state.isBlank || state.namesViewOnly;

/**
 * The view whose definition a list opened with this URL shows: the user's last-used view for a blank URL,
 * the named view for a bare `?view=` link; none when the URL says what to show itself.
 */
export function viewToRestore(
  state: { view: string | null; isBlank: boolean; namesViewOnly: boolean },
  views: ViewList,
): ListView | undefined {
  if (state.isBlank) return views.views.find((v) => v.id === views.current_view_id);
  if (state.namesViewOnly) return views.views.find((v) => v.id === state.view);
  return undefined;
}

/** The list state a view's URL parameters describe. */
export function stateOfView(view: ListView) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(viewParams(view))) if (value) params.set(key, value);
  return parseListParams(params);
}

/** The history state of a URL the list wrote itself (a filter, a sort, a view chosen or restored). */
const LIST_CHANGE = { listChange: true } as const;

/** Whether a location is the list's own change of its state, rather than an arrival at the list. */
export const isListChange = (state: unknown) =>
  typeof state === "object" && state !== null && "listChange" in state;

/**
 * List state lives in the URL (reload, back and shared links show the same list); `view` names the saved
 * view it started from. What a user saves goes to the server, never to browser storage.
 */
export function useListState() {
  const [params, setParams] = useSearchParams();
  const set = (changes: Partial<ListParams>) =>
    setParams(
      (old) => {
        const next = new URLSearchParams(old);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === undefined || value === "") next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true, state: LIST_CHANGE },
    );
  return { ...parseListParams(params), set };
}

export type ListState = ReturnType<typeof useListState>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function leafConditions(node: Record<string, unknown>): FilterCondition[] | null {
  const conditions: FilterCondition[] = [];
  for (const [field, operand] of Object.entries(node)) {
    if (field === "and" || field === "or" || field === "not" || !isPlainObject(operand)) return null;
    for (const [operator, value] of Object.entries(operand)) {
      const none = operator === "is_empty" || operator === "is_not_empty";
      conditions.push({ field, operator, ...(none ? {} : { value }) } as FilterCondition);
    }
  }
  return conditions;
}

/**
 * The filter builder's state for a stored filter JSON; null when the filter is more than one AND/OR list of
 * conditions (made through the API), which the builder cannot show.
 */
export function fromApiFilter(filter: unknown): FilterState | null {
  if (filter === null || filter === undefined) return EMPTY_FILTER;
  if (!isPlainObject(filter)) return null;
  const keys = Object.keys(filter);
  if (keys.length === 1 && (keys[0] === "and" || keys[0] === "or")) {
    const children = filter[keys[0]];
    if (!Array.isArray(children)) return null;
    const conditions: FilterCondition[] = [];
    for (const child of children) {
      const leaves = isPlainObject(child) ? leafConditions(child) : null;
      if (!leaves) return null;
      conditions.push(...leaves);
    }
    return { match: keys[0], conditions };
  }
  const leaves = leafConditions(filter);
  return leaves ? { match: "and", conditions: leaves } : null;
}

/** The URL parameters that show a saved view. */
export function viewParams(view: ListView): ListParams {
  return {
    view: view.id,
    f: encodeFilter(fromApiFilter(view.filter) ?? EMPTY_FILTER),
    sort: formatSortParam(view.sort),
    cols: view.columns.length ? view.columns.map((c) => c.field).join(",") : null,
    q: view.search,
  };
}

export const BLANK_PARAMS: ListParams = { view: null, f: null, sort: null, cols: null, q: null };

/** What the list shows now, as a view definition to save. */
export function currentDefinition(
  state: { filter: FilterState; sort: SortKey[]; q: string },
  columnNames: string[],
  fieldMap: Map<string, FieldMeta>,
  base?: ListView,
): ViewInput {
  const widths = new Map(base?.columns.map((c) => [c.field, c.width]) ?? []);
  return {
    columns: columnNames.map((field) => {
      const width = widths.get(field);
      return width ? { field, width } : { field };
    }),
    filter: toApiFilter(state.filter, fieldMap) ?? null,
    sort: state.sort,
    search: state.q.trim() || null,
  };
}

/** Whether the list differs from the saved view it started from (filters compared as the API gets them). */
export function differsFromView(
  state: { filter: FilterState; sort: SortKey[]; q: string; columns: string[] | null },
  view: ListView,
  fieldMap: Map<string, FieldMeta>,
): boolean {
  const saved = fromApiFilter(view.filter);
  const filterNow = JSON.stringify(toApiFilter(state.filter, fieldMap) ?? null);
  const filterSaved = saved
    ? JSON.stringify(toApiFilter(saved, fieldMap) ?? null)
    : JSON.stringify(view.filter);
  const colsNow = state.columns?.join(",") ?? "";
  const colsSaved = view.columns.map((c) => c.field).join(",");
  return (
    filterNow !== filterSaved ||
    (formatSortParam(state.sort) ?? "") !== (formatSortParam(view.sort) ?? "") ||
    (state.q.trim() || "") !== (view.search ?? "") ||
    colsNow !== colsSaved
  );
}

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
