import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * The two delivery channels of automations and reminders (ADR 0030).
 *
 * `notifications`: one row per recipient. Title and body hold both languages so the inbox shows the reader's
 * UI language; `(user_id, dedupe_key)` is unique so a redelivered event never notifies twice (NULL keys never
 * conflict). The inbox reads "mine, newest first" and "mine, unread, newest first": one index each, the
 * second partial so it stays as small as the unread backlog.
 *
 * `mail_messages`: one row per message; `message_key` is unique per occurrence and becomes the Message-ID, so
 * enqueueing an occurrence twice stores (and sends) it once, and every retry carries the same Message-ID.
 */
export const notificationsMigration: Migration = {
  id: 20,
  name: "notifications and mail",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    await sql`CREATE TABLE ${t("notifications")} (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES ${t("users")} (id) ON DELETE CASCADE,
      title jsonb NOT NULL,
      body jsonb NOT NULL,
      link_object text,
      link_record_id uuid,
      source jsonb,
      dedupe_key text,
      created_at timestamptz NOT NULL,
      read_at timestamptz,
      CHECK ((link_object IS NULL) = (link_record_id IS NULL)),
      UNIQUE (user_id, dedupe_key))`.execute(trx);
    await sql`CREATE INDEX ${sql.id("notifications_inbox")} ON ${t("notifications")}
      (user_id, created_at DESC, id DESC)`.execute(trx);
    await sql`CREATE INDEX ${sql.id("notifications_unread")} ON ${t("notifications")}
      (user_id, created_at DESC, id DESC) WHERE read_at IS NULL`.execute(trx);
    await sql`CREATE TABLE ${t("mail_messages")} (
      id uuid PRIMARY KEY,
      message_key text NOT NULL UNIQUE,
      recipients jsonb NOT NULL,
      subject text NOT NULL,
      text_body text NOT NULL,
      html_body text,
      status text NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'not_configured')),
      attempts int NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz)`.execute(trx);
    await sql`CREATE INDEX ${sql.id("mail_messages_status")} ON ${t("mail_messages")} (status, created_at)`.execute(
      trx,
    );
  },
};
