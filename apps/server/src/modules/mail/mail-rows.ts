import { uuidv7 } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";
import type { EnqueuedMail, MailInput, MailStatus, StoredMail } from "./mail-types.ts";

/** The mail_messages table (a system table the schema plugin does not know). */
const table = (schemas: Schemas) => sql.id(schemas.system, "mail_messages");

const NOT_CONFIGURED = "SMTP_URL is not set";

/** Stores a message once per key: a key stored before answers with its first message. */
export async function insertMessage(
  trx: Trx,
  schemas: Schemas,
  input: MailInput,
  status: MailStatus,
  now: Date,
): Promise<EnqueuedMail> {
  const { rows } = await sql<{ id: string; status: MailStatus }>`INSERT INTO ${table(schemas)}
      (id, message_key, recipients, subject, text_body, html_body, status, last_error, created_at)
    VALUES (${uuidv7(now.getTime())}, ${input.messageKey}, ${JSON.stringify(input.to)}::jsonb, ${input.subject},
      ${input.text}, ${input.html ?? null}, ${status}, ${status === "not_configured" ? NOT_CONFIGURED : null},
      ${now}::timestamptz)
    ON CONFLICT (message_key) DO NOTHING
    RETURNING id, status`.execute(trx);
  if (rows[0]) return { ...rows[0], created: true };
  const { rows: existing } = await sql<{ id: string; status: MailStatus }>`SELECT id, status
    FROM ${table(schemas)} WHERE message_key = ${input.messageKey}`.execute(trx);
  if (!existing[0]) throw new Error(`mail ${input.messageKey} neither inserted nor found`);
  return { ...existing[0], created: false };
}

/**
 * Counts an attempt before it is made (committed on its own), so an attempt cut short by a crash still
 * counts; null when the message is gone or needs no attempt (sent, not configured).
 */
export async function startAttempt(db: Db, schemas: Schemas, id: string): Promise<StoredMail | null> {
  const { rows } = await sql<StoredMail>`UPDATE ${table(schemas)} SET attempts = attempts + 1
    WHERE id = ${id} AND status IN ('queued', 'failed')
    RETURNING id, message_key, recipients, subject, text_body, html_body, status, attempts`.execute(db);
  return rows[0] ?? null;
}

export async function markSent(db: Db, schemas: Schemas, id: string, now: Date): Promise<void> {
  await sql`UPDATE ${table(schemas)} SET status = 'sent', sent_at = ${now}::timestamptz, last_error = NULL
    WHERE id = ${id}`.execute(db);
}

/** Records a refused attempt; the message is `failed` once no retry is left, else stays `queued`. */
export async function markAttemptFailed(
  db: Db,
  schemas: Schemas,
  id: string,
  outcome: { error: string; final: boolean },
): Promise<void> {
  const status: MailStatus = outcome.final ? "failed" : "queued";
  await sql`UPDATE ${table(schemas)} SET status = ${status}, last_error = ${outcome.error.slice(0, 2000)}
    WHERE id = ${id} AND status <> 'sent'`.execute(db);
}

export async function markNotConfigured(db: Db, schemas: Schemas, id: string): Promise<string | null> {
  const { rows } = await sql<{ message_key: string }>`UPDATE ${table(schemas)}
    SET status = 'not_configured', last_error = ${NOT_CONFIGURED}
    WHERE id = ${id} AND status IN ('queued', 'failed')
    RETURNING message_key`.execute(db);
  return rows[0]?.message_key ?? null;
}

/** A message as stored (tests and the run log read the outcome). */
export async function loadMessage(
  db: Db,
  schemas: Schemas,
  messageKey: string,
): Promise<(StoredMail & { last_error: string | null; sent_at: Date | null }) | null> {
  const { rows } = await sql<StoredMail & { last_error: string | null; sent_at: Date | null }>`SELECT id,
      message_key, recipients, subject, text_body, html_body, status, attempts, last_error, sent_at
    FROM ${table(schemas)} WHERE message_key = ${messageKey}`.execute(db);
  return rows[0] ?? null;
}
