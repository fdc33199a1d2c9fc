import { isUuid, uuidv7 } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";
import type { InboxPosition } from "./notification-cursor.ts";
import type { Notification, NotificationSource, NotifyInput } from "./notification-types.ts";

/** The notifications table (a system table the schema plugin does not know). */
const table = (schemas: Schemas) => sql.id(schemas.system, "notifications");

interface NotificationRow {
  id: string;
  title: Notification["title"];
  body: Notification["body"];
  link_object: string | null;
  link_record_id: string | null;
  source: NotificationSource | null;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = sql`id, title, body, link_object, link_record_id, source, created_at, read_at`;

const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  title: row.title,
  body: row.body,
  link:
    row.link_object && row.link_record_id ? { object: row.link_object, record_id: row.link_record_id } : null,
  source: row.source,
  created_at: new Date(row.created_at).toISOString(),
  read_at: row.read_at ? new Date(row.read_at).toISOString() : null,
});

/**
 * One INSERT for every recipient: the ids are made here (UUID v7; PostgreSQL 15 has no generator) and
 * joined with the active users, so disabled and unknown ones drop out in the same statement, and a
 * `(user_id, dedupe_key)` already there is skipped. Returns how many rows were written.
 */
export async function insertNotifications(
  executor: Db | Trx,
  schemas: Schemas,
  input: NotifyInput,
  now: Date,
): Promise<number> {
  const recipients = [...new Set(input.recipients)];
  const invalid = recipients.filter((id) => !isUuid(id));
  if (invalid.length) throw new Error(`notify: recipients must be user ids (got ${JSON.stringify(invalid)})`);
  if (recipients.length === 0) return 0;
  const ids = recipients.map(() => uuidv7(now.getTime()));
  const result = await sql`INSERT INTO ${table(schemas)}
      (id, user_id, title, body, link_object, link_record_id, source, dedupe_key, created_at)
    SELECT r.id, u.id, ${JSON.stringify(input.title)}::jsonb, ${JSON.stringify(input.body)}::jsonb,
      ${input.link?.object ?? null}, ${input.link?.recordId ?? null}::uuid,
      ${input.source ? JSON.stringify(input.source) : null}::jsonb, ${input.dedupeKey ?? null}, ${now}::timestamptz
    FROM unnest(${ids}::uuid[], ${recipients}::uuid[]) AS r (id, user_id)
    JOIN ${sql.id(schemas.system, "users")} AS u ON u.id = r.user_id AND u.status = 'active'
    ON CONFLICT (user_id, dedupe_key) DO NOTHING`.execute(executor);
  return Number(result.numAffectedRows ?? 0n);
}

/** One page of a user's inbox, newest first, after `after` (the previous page's last one). */
export async function loadInboxPage(
  db: Db,
  schemas: Schemas,
  query: { userId: string; unread: boolean; after: InboxPosition | null; limit: number },
): Promise<{ rows: Notification[]; more: boolean }> {
  const unread = query.unread ? sql`AND read_at IS NULL` : sql``;
  const after = query.after
    ? sql`AND (created_at, id) < (${query.after.createdAt}::timestamptz, ${query.after.id}::uuid)`
    : sql``;
  const { rows } = await sql<NotificationRow>`SELECT ${COLUMNS} FROM ${table(schemas)}
    WHERE user_id = ${query.userId} ${unread} ${after}
    ORDER BY created_at DESC, id DESC
    LIMIT ${query.limit + 1}`.execute(db);
  return { rows: rows.slice(0, query.limit).map(toNotification), more: rows.length > query.limit };
}

export async function countUnread(db: Db, schemas: Schemas, userId: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`SELECT count(*)::int AS count FROM ${table(schemas)}
    WHERE user_id = ${userId} AND read_at IS NULL`.execute(db);
  return rows[0]?.count ?? 0;
}

/** Marks one of the user's notifications read (the first reading stays); null when it is not theirs. */
export async function markRead(
  db: Db,
  schemas: Schemas,
  target: { userId: string; id: string },
  now: Date,
): Promise<Notification | null> {
  const { rows } = await sql<NotificationRow>`UPDATE ${table(schemas)}
    SET read_at = COALESCE(read_at, ${now}::timestamptz)
    WHERE id = ${target.id} AND user_id = ${target.userId}
    RETURNING ${COLUMNS}`.execute(db);
  return rows[0] ? toNotification(rows[0]) : null;
}

export async function markAllRead(db: Db, schemas: Schemas, userId: string, now: Date): Promise<number> {
  const result = await sql`UPDATE ${table(schemas)} SET read_at = ${now}::timestamptz
    WHERE user_id = ${userId} AND read_at IS NULL`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
