import { KeduoError, type TimelineEntry } from "@keduo/core";

/**
 * Where a timeline page ends: the last entry's instant, kind and key (a record id, or an audit entry's id).
 * Entries are ordered newest first, then by kind, then by key descending, so entries sharing an instant
 * (a bulk write's stage entries) are paged through one by one, none skipped or repeated.
 */
export interface TimelineCursor {
  at: string;
  kind: TimelineEntry["kind"] | null;
  key: string | null;
}

const KINDS: readonly TimelineEntry["kind"][] = ["change", "record", "stage"];

/** What orders an entry. */
type Ordered = Pick<TimelineEntry, "at" | "kind" | "record_id" | "detail">;

/** The entry's tie-breaking key: record entries and stage entries by record, changes by audit entry. */
export const entryKey = (entry: Ordered) =>
  entry.kind === "change" ? String(entry.detail.entry_id).padStart(20, "0") : entry.record_id;

/** Newest first, then kind, then key descending: the one order of every page. */
export function compareEntries(a: Ordered, b: Ordered): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.kind !== b.kind) return KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind);
  const [x, y] = [entryKey(a), entryKey(b)];
  return x === y ? 0 : x < y ? 1 : -1;
}

export const printCursor = (entry: TimelineEntry) => `${entry.at}~${entry.kind}~${entryKey(entry)}`;

/** `2026-03-01T08:00:00.000Z~stage~<id>`, or a bare instant (everything strictly older). */
export function parseCursor(text: string | undefined): TimelineCursor | null {
  if (!text) return null;
  const [at = "", kind, key] = text.split("~");
  const valid =
    !Number.isNaN(Date.parse(at)) &&
    (kind === undefined || (KINDS as readonly string[]).includes(kind)) &&
    (kind === undefined) === (key === undefined);
  if (!valid)
    throw new KeduoError("VALIDATION_FAILED", {
      issues: [{ field: "before", code: "invalid_format", params: { format: "next_cursor" } }],
    });
  return { at: new Date(at).toISOString(), kind: (kind as TimelineEntry["kind"]) ?? null, key: key ?? null };
}

/**
 * How a source of one kind reads relative to the cursor: strictly older (`lt`), older or at the instant
 * (`lte`: its kind sorts after the cursor's), or at the instant only with a smaller key (`tie`).
 */
export function cursorMode(cursor: TimelineCursor, kind: TimelineEntry["kind"]): "lt" | "lte" | "tie" {
  if (cursor.kind === null) return "lt";
  const order = KINDS.indexOf(kind) - KINDS.indexOf(cursor.kind);
  return order < 0 ? "lt" : order > 0 ? "lte" : "tie";
}

/** Whether an entry comes after the cursor in the timeline's order (it belongs on a later page). */
export function isAfter(cursor: TimelineCursor | null, entry: TimelineEntry): boolean {
  if (cursor === null) return true;
  if (cursor.kind === null || cursor.key === null) return entry.at < cursor.at;
  const last = { at: cursor.at, kind: cursor.kind, record_id: cursor.key, detail: { entry_id: cursor.key } };
  return compareEntries(last, entry) < 0;
}
