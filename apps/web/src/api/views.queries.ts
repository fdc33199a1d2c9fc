import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { http, request } from "./http-client.ts";

/** A saved list view as the server serves it to this user (hidden fields already left out). */
export interface ListView {
  id: string;
  object: string;
  name: string;
  shared: boolean;
  owner_id: string | null;
  columns: Array<{ field: string; width?: number }>;
  /** The records API's filter JSON. */
  filter: Record<string, unknown> | null;
  sort: Array<{ field: string; direction: "asc" | "desc" }>;
  search: string | null;
  /** Conditions on fields this user cannot see were left out: the list may show more records. */
  filter_relaxed: boolean;
  /** Whether this user may change it (their own, or shared and they manage metadata). */
  editable: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ViewList {
  views: ListView[];
  current_view_id: string | null;
}

export type ViewInput = Partial<Pick<ListView, "name" | "shared" | "columns" | "filter" | "sort" | "search">>;

export const viewsKey = (object: string) => ["views", object] as const;

/** The views of an object and the one this user used last, from the server (never browser storage). */
export const viewsOptions = (object: string) =>
  queryOptions({
    queryKey: viewsKey(object),
    queryFn: ({ signal }) => http.get<ViewList>(`/api/views/${object}`, undefined, signal),
    staleTime: 60_000,
  });

export const useViews = (object: string) => useQuery(viewsOptions(object));

export const createView = (object: string, input: ViewInput) =>
  http.post<ListView>(`/api/views/${object}`, input);

/** Sends the version the user started from: the server answers 412 if someone else saved in between. */
export const updateView = (view: ListView, input: ViewInput) =>
  http.patch<ListView>(`/api/views/${view.object}/${view.id}`, input, { "if-match": `"${view.version}"` });

export const deleteView = (view: ListView) =>
  http.delete<void>(`/api/views/${view.object}/${view.id}`, { "if-match": `"${view.version}"` });

export const chooseView = (object: string, viewId: string | null) =>
  request<{ current_view_id: string | null }>("PUT", `/api/views/${object}/current`, {
    body: { view_id: viewId },
  });

/** Writes a changed view (or the current choice) into the cached list, so the switcher updates at once. */
export function useViewCache(object: string) {
  const queryClient = useQueryClient();
  return {
    put: useCallback(
      (view: ListView) =>
        queryClient.setQueryData<ViewList>(viewsKey(object), (old) =>
          old
            ? {
                ...old,
                views: old.views.some((v) => v.id === view.id)
                  ? old.views.map((v) => (v.id === view.id ? view : v))
                  : [...old.views, view],
              }
            : old,
        ),
      [queryClient, object],
    ),
    remove: useCallback(
      (id: string) =>
        queryClient.setQueryData<ViewList>(viewsKey(object), (old) =>
          old
            ? {
                views: old.views.filter((v) => v.id !== id),
                current_view_id: old.current_view_id === id ? null : old.current_view_id,
              }
            : old,
        ),
      [queryClient, object],
    ),
    setCurrent: useCallback(
      (id: string | null) =>
        queryClient.setQueryData<ViewList>(viewsKey(object), (old) =>
          old ? { ...old, current_view_id: id } : old,
        ),
      [queryClient, object],
    ),
    refresh: useCallback(
      () => queryClient.invalidateQueries({ queryKey: viewsKey(object) }),
      [queryClient, object],
    ),
  };
}
