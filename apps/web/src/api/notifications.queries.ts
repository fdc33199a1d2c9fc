import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { http } from "./http-client.ts";
import type { Translatable } from "./types.ts";

/** A notification as `GET /api/notifications` sends it (the signed-in user's own). */
export interface AppNotification {
  id: string;
  title: Translatable;
  body: Translatable;
  link: { object: string; record_id: string } | null;
  source: Record<string, unknown> | null;
  created_at: string;
  read_at: string | null;
}

interface NotificationPage {
  notifications: AppNotification[];
  next_cursor: string | null;
}

export const notificationsKey = ["notifications"] as const;
/** The bell asks this often (and whenever the window regains focus): the inbox is never more than ~30 s late. */
const POLL_MS = 30_000;
const PAGE = 20;
export const LATEST = 6;

const listPage = (query: { unread?: boolean; cursor?: string; limit: number }, signal?: AbortSignal) =>
  http.get<NotificationPage>(
    "/api/notifications",
    { unread: query.unread || undefined, cursor: query.cursor, limit: query.limit },
    signal,
  );

export function useUnreadCount() {
  return useQuery({
    queryKey: [...notificationsKey, "unread-count"],
    queryFn: ({ signal }) =>
      http.get<{ count: number }>("/api/notifications/unread-count", undefined, signal).then((r) => r.count),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });
}

/** The newest few, for the bell's dropdown; asked for when it opens. */
export function useLatestNotifications(enabled: boolean) {
  return useQuery({
    queryKey: [...notificationsKey, "latest"],
    queryFn: ({ signal }) => listPage({ limit: LATEST }, signal),
    enabled,
    staleTime: 0,
  });
}

export function useNotificationInbox(unread: boolean) {
  return useInfiniteQuery({
    queryKey: [...notificationsKey, "inbox", unread],
    queryFn: ({ pageParam, signal }) => listPage({ unread, cursor: pageParam, limit: PAGE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** Marks one read, or all: the bell, its dropdown and the inbox all refresh. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string | "all"): Promise<void> => {
      if (id === "all") await http.post("/api/notifications/read-all");
      else await http.post(`/api/notifications/${encodeURIComponent(id)}/read`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}
