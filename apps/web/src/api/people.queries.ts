import type { Person } from "@keduo/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { http } from "./http-client.ts";

export type { Person };

const BATCH_MS = 10;
const MAX_IDS = 200;

/**
 * Names for ids, asked for together: every name a page shows in one render (a list of 50 rows with owners
 * and user fields) becomes one request, not one per cell.
 */
class PeopleLoader {
  private waiting = new Map<string, Array<(person: Person | null) => void>>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  load(id: string): Promise<Person | null> {
    return new Promise((resolve) => {
      this.waiting.set(id, [...(this.waiting.get(id) ?? []), resolve]);
      this.timer ??= setTimeout(() => void this.flush(), BATCH_MS);
    });
  }

  private async flush() {
    const batch = this.waiting;
    this.waiting = new Map();
    this.timer = null;
    const ids = [...batch.keys()];
    for (let start = 0; start < ids.length; start += MAX_IDS) {
      const slice = ids.slice(start, start + MAX_IDS);
      let found = new Map<string, Person>();
      try {
        const { people } = await http.get<{ people: Person[] }>("/api/people", { ids: slice.join(",") });
        found = new Map(people.map((p) => [p.id, p]));
      } catch {
        // Shown as unknown; a later render asks again.
      }
      for (const id of slice) for (const resolve of batch.get(id) ?? []) resolve(found.get(id) ?? null);
    }
  }
}

const loader = new PeopleLoader();

export const personKey = (id: string) => ["people", "id", id] as const;

/** One person by id (batched with the other names of the page); null when no such user exists. */
export function usePerson(id: string | null | undefined) {
  return useQuery({
    queryKey: personKey(id ?? ""),
    queryFn: () => loader.load(id!),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
  });
}

/** People whose name, pinyin or initials contain `q` (active ones), for pickers. */
export function usePeopleSearch(q: string, enabled = true) {
  return useQuery<Person[]>({
    queryKey: ["people", "search", q],
    queryFn: ({ signal }) =>
      http
        .get<{ people: Person[] }>("/api/people", { q: q || undefined, limit: 20 }, signal)
        .then((r) => r.people),
    enabled,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
