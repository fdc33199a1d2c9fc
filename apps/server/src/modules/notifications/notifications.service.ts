import { type Clock, isUuid, KeduoError, LOCALES } from "@keduo/core";
import type { Database, Db, Trx } from "../../db/database.ts";
import { decodeCursorOrThrow, encodeCursor } from "./notification-cursor.ts";
import {
  countUnread,
  insertNotifications,
  loadInboxPage,
  markAllRead,
  markRead,
} from "./notification-rows.ts";
import type { LocalizedText, Notification, NotificationPage, NotifyInput } from "./notification-types.ts";

export const INBOX_PAGE = { default: 20, max: 100 } as const;

function assertText(what: string, text: LocalizedText) {
  for (const locale of LOCALES)
    if (typeof text?.[locale] !== "string") throw new Error(`notify: ${what} has no ${locale} text`);
}

/**
 * In-app notifications: engines notify users (in their own transaction, so a notification exists exactly when
 * the change that caused it committed); each user reads and marks only their own.
 */
export class NotificationsService {
  private readonly deps: { database: Database; clock: Clock };

  constructor(deps: NotificationsService["deps"]) {
    this.deps = deps;
  }

  /**
   * Notifies every active recipient at once (one INSERT). Pass the transaction of the change that causes the
   * notification; the business clock dates it. Returns how many notifications were created: recipients that
   * are disabled, unknown, or already have one with the same `dedupeKey` are not counted.
   */
  async notify(executor: Trx | Db, input: NotifyInput): Promise<number> {
    assertText("title", input.title);
    assertText("body", input.body);
    if (input.link && !isUuid(input.link.recordId))
      throw new Error(
        `notify: link.recordId must be a record id (got ${JSON.stringify(input.link.recordId)})`,
      );
    return insertNotifications(executor, this.deps.database.schemas, input, this.deps.clock.now());
  }

  async list(
    userId: string,
    query: { unread?: boolean; cursor?: string; limit?: number } = {},
  ): Promise<NotificationPage> {
    const limit = Math.min(query.limit ?? INBOX_PAGE.default, INBOX_PAGE.max);
    const { db, schemas } = this.deps.database;
    const after = query.cursor ? decodeCursorOrThrow(query.cursor) : null;
    const page = await loadInboxPage(db, schemas, { userId, unread: query.unread ?? false, after, limit });
    const last = page.rows.at(-1);
    return { notifications: page.rows, next_cursor: page.more && last ? encodeCursor(last) : null };
  }

  unreadCount(userId: string): Promise<number> {
    return countUnread(this.deps.database.db, this.deps.database.schemas, userId);
  }

  /** Marks one of the user's notifications read; another user's answers 404 exactly like a missing one. */
  async markRead(userId: string, id: string): Promise<Notification> {
    const { db, schemas } = this.deps.database;
    const read = await markRead(db, schemas, { userId, id }, this.deps.clock.now());
    if (!read) throw new KeduoError("NOTIFICATION_NOT_FOUND", { params: { id } });
    return read;
  }

  /** Marks every unread notification of the user read; returns how many there were. */
  markAllRead(userId: string): Promise<number> {
    return markAllRead(this.deps.database.db, this.deps.database.schemas, userId, this.deps.clock.now());
  }
}
