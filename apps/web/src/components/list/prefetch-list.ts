import type { QueryClient } from "@tanstack/react-query";
import type { LoaderFunctionArgs, ShouldRevalidateFunctionArgs } from "react-router";
import { objectsKey } from "../../api/metadata.queries.ts";
import { recordListOptions } from "../../api/records.queries.ts";
import type { ObjectsResponse } from "../../api/types.ts";
import { type ViewList, viewsKey, viewsOptions } from "../../api/views.queries.ts";
import { isPhoneWidth } from "../../lib/use-is-phone.ts";
import { listFields, recordListParams } from "./list-query.ts";
import { parseListParams, stateOfView, viewToRestore, waitsForViews } from "./list-state.ts";

/** The promise's value if it settles within `ms`, else undefined (the promise goes on). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((done) => {
    timer = setTimeout(() => done(undefined), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How long a navigation to a list may wait for its first page before the page renders without it. Rendering
 * once with the rows (the old list stays until then) is about half the work of rendering an empty page and
 * then the rows; a slow answer still gets the page up, showing that it loads.
 */
const LIST_WAIT_MS = 250;

/**
 * The list route's loader: starts fetching the list's views and first page of records the moment a
 * navigation begins, instead of after React has rendered the page and its effects have run, and lets the
 * navigation finish when the rows are there (at most LIST_WAIT_MS). The page then finds them under the
 * same query keys. Before the object metadata is loaded (the first page load) there is nothing to build the
 * keys from: the page fetches for itself.
 */
export function listLoader(queryClient: QueryClient) {
  return async ({ params, request }: LoaderFunctionArgs): Promise<null> => {
    const object = queryClient
      .getQueryData<ObjectsResponse>(objectsKey)
      ?.objects.find((o) => o.api_name === params.object);
    if (!object?.my_permissions.read) return null;
    const started = performance.now();
    const views = queryClient.fetchQuery(viewsOptions(object.api_name)).catch(() => undefined);
    const urlState = parseListParams(new URL(request.url).searchParams);
    // A blank URL or a bare `?view=` shows a saved view: its rows are the ones to fetch, not the whole list.
    const cached = queryClient.getQueryData<ViewList>(viewsKey(object.api_name));
    const known = cached ?? (waitsForViews(urlState) ? await within(views, LIST_WAIT_MS) : undefined);
    if (waitsForViews(urlState) && !known) return null;
    const restored = known ? viewToRestore(urlState, known) : undefined;
    const state = restored ? stateOfView(restored) : urlState;
    const view = state.view ? known?.views.find((v) => v.id === state.view) : undefined;
    const listParams = recordListParams(listFields(object), state, { isPhone: isPhoneWidth(), view });
    // prefetch… never rejects: a failed request is the page's to show.
    const rows = queryClient.prefetchInfiniteQuery(recordListOptions(object.api_name, listParams));
    await within(rows, LIST_WAIT_MS - (performance.now() - started));
    return null;
  };
}

/**
 * The loader runs when another object's list opens, not when the list's own URL changes (filter, sort,
 * search): those keep the table and show the previous rows until the new ones arrive, without holding the
 * URL back.
 */
export const listShouldRevalidate = ({
  currentParams,
  nextParams,
  defaultShouldRevalidate,
}: ShouldRevalidateFunctionArgs) => currentParams.object !== nextParams.object && defaultShouldRevalidate;
