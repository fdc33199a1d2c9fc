import { type InfiniteData, infiniteQueryOptions } from "@tanstack/react-query";
import { http } from "./http-client.ts";
import { recordsKey } from "./records.queries.ts";
import type { RecordList } from "./types.ts";

/** Cards a column loads at a time. */
export const COLUMN_PAGE_SIZE = 20;

export interface ColumnParams {
  filter: Record<string, unknown> | undefined;
  sort: string | null;
  expand: string[];
}

/** Under the object's records key, so whatever refreshes the object's lists refreshes the board too. */
export const columnKey = (object: string, params: ColumnParams) =>
  [...recordsKey(object), "board-column", params] as const;

/** One column's keyset pages: the list API with the column's stage in the filter. */
export function columnOptions(object: string, params: ColumnParams) {
  return infiniteQueryOptions<RecordList, Error, InfiniteData<RecordList>, readonly unknown[], string | null>(
    {
      queryKey: columnKey(object, params),
      queryFn: ({ pageParam, signal }) =>
        http.get<RecordList>(
          `/api/records/${object}`,
          {
            limit: COLUMN_PAGE_SIZE,
            cursor: pageParam,
            filter: params.filter ? JSON.stringify(params.filter) : undefined,
            sort: params.sort ?? undefined,
            expand: params.expand.length ? params.expand.join(",") : undefined,
          },
          signal,
        ),
      initialPageParam: null,
      getNextPageParam: (last) => last.next_cursor,
    },
  );
}
