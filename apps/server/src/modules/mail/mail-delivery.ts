import type { Clock } from "@keduo/core";
import type { Transporter } from "nodemailer";
import type { Database } from "../../db/database.ts";
import { composeMessage } from "./mail-message.ts";
import { markAttemptFailed, markNotConfigured, markSent, startAttempt } from "./mail-rows.ts";

/** Retries after the first refusal (the queue's backoff doubles the delay each time): six attempts in all. */
export const MAIL_RETRIES = 5;

export interface MailLog {
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface DeliveryDeps {
  database: Database;
  clock: Clock;
  /** Null without SMTP_URL. */
  transport: Transporter | null;
  from: string;
  log: MailLog;
}

export const notConfiguredLine = (messageKey: string) =>
  `email not configured: SMTP_URL is not set, so message ${messageKey} was recorded as not_configured and not sent`;

/** A rejection the server will repeat (RFC 5321 5yz except 503): no retry would change its mind. */
const isPermanent = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { permanent?: unknown }).permanent === true;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The mail queue's job: sends one stored message. The attempt is counted before it is made; a message
 * already sent is not sent again; a refusal is recorded and thrown so the queue retries it (the same
 * Message-ID every time) unless it was the last attempt or the server refused for good.
 */
export async function deliverMessage(deps: DeliveryDeps, id: string): Promise<void> {
  const { db, schemas } = deps.database;
  if (!deps.transport) {
    // Queued while SMTP was configured, delivered after a restart without it.
    const key = await markNotConfigured(db, schemas, id);
    if (key) deps.log.warn(notConfiguredLine(key));
    return;
  }
  const mail = await startAttempt(db, schemas, id);
  if (!mail) return;
  try {
    await deps.transport.sendMail(composeMessage(mail, deps.from));
  } catch (error) {
    const final = isPermanent(error) || mail.attempts > MAIL_RETRIES;
    await markAttemptFailed(db, schemas, id, { error: describe(error), final });
    if (final) {
      deps.log.error(`email ${mail.message_key} failed after ${mail.attempts} attempt(s)`, error);
      return;
    }
    throw error;
  }
  await markSent(db, schemas, id, deps.clock.now());
}
