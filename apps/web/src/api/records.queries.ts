import {
  type InfiniteData,
  infiniteQueryOptions,
  keepPreviousData,
  type UseQueryResult,
  useInfiniteQuery,
  useQueries,
  useQuery,
} from "@tanstack/react-query";
import { http, request } from "./http-client.ts";
import type { RecordData, RecordList, StoredFile } from "./types.ts";

export const PAGE_SIZE = 50;

export interface ListParams {
  filter?: Record<string, unknown> | undefined;
  sort?: string | null;
  expand?: string[];
}

export const recordsKey = (object: string) => ["records", object] as const;
export const recordKey = (object: string, id: string) => ["record", object, id] as const;

/**
 * Keyset pages of a list; `fetchNextPage` follows `next_cursor`. The first page also asks for the total,
 * which the server answers cheaply: exact up to its limit (10,000), estimated above it (ADR 0035).
 * The same options serve the list and the prefetch on navigation (components/list/prefetch-list.ts).
 */
export function recordListOptions(object: string, params: ListParams) {
  return infiniteQueryOptions<RecordList, Error, InfiniteData<RecordList>, readonly unknown[], string | null>(
    {
      queryKey: [...recordsKey(object), params],
      queryFn: ({ pageParam, signal }) =>
        http.get<RecordList>(
          `/api/records/${object}`,
          {
            limit: PAGE_SIZE,
            cursor: pageParam,
            count: pageParam === null ? true : undefined,
            filter: params.filter ? JSON.stringify(params.filter) : undefined,
            sort: params.sort ?? undefined,
            expand: params.expand?.length ? params.expand.join(",") : undefined,
          },
          signal,
        ),
      initialPageParam: null,
      getNextPageParam: (last) => last.next_cursor,
    },
  );
}

/**
 * A list's records. A changed filter or sort keeps showing the rows it replaces until the new ones arrive
 * (the table marks them as loading); another object's rows are never carried over.
 */
/** `enabled: false` while the list does not yet know what it shows (its saved view is still loading). */
export function useRecordList(object: string, params: ListParams, options: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    ...recordListOptions(object, params),
    enabled: options.enabled ?? true,
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === object ? keepPreviousData(previous) : undefined,
  });
}

export function fetchRecords(object: string, query: { filter?: unknown; limit?: number; sort?: string }) {
  return http.get<RecordList>(`/api/records/${object}`, {
    limit: query.limit ?? 20,
    filter: query.filter ? JSON.stringify(query.filter) : undefined,
    sort: query.sort,
  });
}

export function getRecord(object: string, id: string, expand?: string[]) {
  return http.get<RecordData>(`/api/records/${object}/${id}`, {
    expand: expand?.length ? expand.join(",") : undefined,
  });
}

export function useRecord(object: string, id: string | undefined, expand: string[] = []) {
  return useQuery({
    queryKey: [...recordKey(object, id ?? ""), expand],
    queryFn: () => getRecord(object, id!, expand),
    enabled: Boolean(id),
  });
}

/** What the signed-in user may do with one record (the server's own checks for each write). */
export interface RecordActions {
  edit: boolean;
  delete: boolean;
  transfer: boolean;
}

/** Each row's actions by id; a row missing is not answered yet. */
export type RowActions = Readonly<Record<string, RecordActions>>;

const mergeRowActions = (results: UseQueryResult<RowActions>[]): RowActions =>
  Object.assign({}, ...results.map((r) => r.data ?? {}));

/**
 * What the caller may do with each loaded row of a list: one request per page of rows (POST …/actions),
 * not one per row. `enabled: false` when the object's rights already say no to every write.
 */
export function useRowActions(object: string, pages: RecordList[] | undefined, enabled: boolean) {
  return useQueries({
    queries: (pages ?? []).map((page) => {
      const ids = page.records.map((r) => r.id);
      return {
        queryKey: [...recordsKey(object), "actions", ids],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          request<{ actions: RowActions }>("POST", `/api/records/${object}/actions`, {
            body: { ids },
            signal,
          }).then((answer) => answer.actions),
        enabled: enabled && ids.length > 0,
      };
    }),
    combine: mergeRowActions,
  });
}

export function useRecordActions(object: string, id: string) {
  return useQuery({
    queryKey: [...recordKey(object, id), "my-permissions"],
    queryFn: ({ signal }) =>
      http.get<RecordActions>(`/api/records/${object}/${id}/my-permissions`, undefined, signal),
  });
}

export const createRecord = (object: string, values: Record<string, unknown>) =>
  http.post<RecordData>(`/api/records/${object}`, values);

/** Sends the version the user started from: the server answers 412 if someone else saved in between. */
export const updateRecord = (object: string, id: string, version: number, values: Record<string, unknown>) =>
  http.patch<RecordData>(`/api/records/${object}/${id}`, values, { "if-match": `"${version}"` });

export const deleteRecord = (object: string, id: string, version: number) =>
  http.delete<void>(`/api/records/${object}/${id}`, { "if-match": `"${version}"` });

/** Uploads the file as the raw body (POST /api/files), named by the percent-encoded X-File-Name header. */
export const uploadFile = (file: File) =>
  request<StoredFile>("POST", "/api/files", {
    body: file,
    headers: {
      "content-type": file.type || "application/octet-stream",
      "x-file-name": encodeURIComponent(file.name),
    },
  });
