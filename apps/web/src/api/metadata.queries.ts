import { useQuery } from "@tanstack/react-query";
import { http } from "./http-client.ts";
import type { Division, ObjectMeta, ObjectsResponse, User } from "./types.ts";

export const objectsKey = ["meta", "objects"] as const;

export function useObjects() {
  return useQuery({
    queryKey: objectsKey,
    queryFn: ({ signal }) => http.get<ObjectsResponse>("/api/meta/objects", undefined, signal),
    staleTime: 60_000,
  });
}

/** One object's metadata, from the objects list (one request serves navigation, lists and forms). */
export function useObject(apiName: string | undefined): {
  object: ObjectMeta | undefined;
  objects: ObjectMeta[];
  isLoading: boolean;
  error: Error | null;
} {
  const query = useObjects();
  const objects = query.data?.objects ?? [];
  return {
    object: objects.find((o) => o.api_name === apiName),
    objects,
    isLoading: query.isLoading,
    error: query.error,
  };
}

export function useDivisions(enabled: boolean) {
  return useQuery({
    queryKey: ["meta", "divisions"],
    queryFn: ({ signal }) =>
      http.get<{ divisions: Division[] }>("/api/meta/divisions", undefined, signal).then((r) => r.divisions),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** code → name for every division, for showing address values. */
export function divisionNames(divisions: Division[] | undefined): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (list: Division[] | undefined) => {
    for (const division of list ?? []) {
      names.set(division.code, division.name);
      walk(division.children);
    }
  };
  walk(divisions);
  return names;
}

/** The user directory (admins only for now: GET /api/users is an admin route). */
export function useUsers(enabled: boolean) {
  return useQuery({
    queryKey: ["users"],
    queryFn: async ({ signal }) => {
      const users: User[] = [];
      let cursor: string | null = null;
      // Pages of 200 (the route's maximum); a directory of a few thousand people is a handful of calls.
      for (let page = 0; page < 25; page++) {
        const result: { items: User[]; next_cursor: string | null } = await http.get(
          "/api/users",
          { limit: 200, cursor },
          signal,
        );
        users.push(...result.items);
        cursor = result.next_cursor;
        if (!cursor) break;
      }
      return users;
    },
    enabled,
    staleTime: 5 * 60_000,
  });
}

export interface Department {
  id: string;
  name: string;
  parent_id: string | null;
  head_user_id?: string | null;
  position?: number;
}

/** The department tree (flat, with parent ids), for department fields. */
export function useDepartments(enabled: boolean) {
  return useQuery({
    queryKey: ["org", "departments"],
    queryFn: ({ signal }) =>
      http
        .get<{ departments: Department[] }>("/api/org/departments", undefined, signal)
        .then((r) => r.departments),
    enabled,
    staleTime: 5 * 60_000,
  });
}
