import type { Translatable } from "@keduo/core";

/** A text in every UI language (`{ "zh-CN": "…", en: "…" }`): the inbox shows the reader's. */
export type LocalizedText = Translatable;

/**
 * What caused a notification, for the reader and the run log: `{ kind: "automation", automationId, runId }`.
 * Flat scalar values only, so it stays a small, queryable document.
 */
export type NotificationSource = { kind: string } & Record<string, string | number | boolean | null>;

export interface NotifyInput {
  /** User ids; disabled and unknown users are skipped, repeats count once. */
  recipients: readonly string[];
  title: LocalizedText;
  body: LocalizedText;
  /** The record the notification is about: the inbox links to its page. */
  link?: { object: string; recordId: string };
  source?: NotificationSource;
  /**
   * Stable per occurrence (e.g. `automation:<id>:run:<run id>`): a second notify with the same key does not
   * notify the same user again, so a redelivered event is harmless.
   */
  dedupeKey?: string;
}

/** A notification as its recipient receives it over the API. */
export interface Notification {
  id: string;
  title: LocalizedText;
  body: LocalizedText;
  link: { object: string; record_id: string } | null;
  source: NotificationSource | null;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPage {
  notifications: Notification[];
  next_cursor: string | null;
}
