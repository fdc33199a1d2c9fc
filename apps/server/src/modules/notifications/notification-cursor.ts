import { KeduoError } from "@keduo/core";

/**
 * A page of the inbox ends at its last notification; the next page starts after its `(created_at, id)`. The
 * cursor spells that pair out (`2026-03-15T02:00:00.000Z_<uuid>`): the route's pattern refuses anything else,
 * and a date that matches the pattern but does not exist (month 13) is refused here.
 */
export const NOTIFICATION_CURSOR_PATTERN =
  "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

export interface InboxPosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: { created_at: string; id: string }): string {
  return `${position.created_at}_${position.id}`;
}

export function decodeCursorOrThrow(cursor: string): InboxPosition {
  const [stamp = "", id = ""] = cursor.split("_");
  const createdAt = new Date(stamp);
  const exists = !Number.isNaN(createdAt.getTime()) && createdAt.toISOString() === stamp;
  if (!new RegExp(NOTIFICATION_CURSOR_PATTERN).test(cursor) || !exists)
    throw new KeduoError("NOTIFICATION_CURSOR_INVALID");
  return { createdAt, id };
}
