import type { Clock } from "@keduo/core";
import type { Transporter } from "nodemailer";
import type { Database, Trx } from "../../db/database.ts";
import type { JobQueue } from "../jobs/index.ts";
import { type MailLog, notConfiguredLine } from "./mail-delivery.ts";
import { assertMailInput } from "./mail-message.ts";
import { insertMessage, loadMessage } from "./mail-rows.ts";
import type { EnqueuedMail, MailInput } from "./mail-types.ts";

export const MAIL_QUEUE = "keduo-mail";

/**
 * Email through SMTP (ADR 0030): a message is stored and its delivery job queued in the caller's transaction,
 * so it is sent exactly when the change that caused it committed, and survives a crash until it is.
 */
export class MailService {
  private readonly deps: {
    database: Database;
    clock: Clock;
    jobs: JobQueue;
    transport: Transporter | null;
    log: MailLog;
  };

  constructor(deps: MailService["deps"]) {
    this.deps = deps;
  }

  /** Whether SMTP_URL is set: without it every message is recorded as `not_configured` and not sent. */
  get configured(): boolean {
    return this.deps.transport !== null;
  }

  /**
   * Stores a message and queues its delivery in `trx`. A `messageKey` enqueued before returns its first
   * message (`created: false`) and queues nothing. Without SMTP the message is stored as `not_configured`.
   */
  async enqueue(trx: Trx, input: MailInput): Promise<EnqueuedMail> {
    assertMailInput(input);
    const { database, clock, jobs, log } = this.deps;
    const status = this.configured ? "queued" : "not_configured";
    const stored = await insertMessage(trx, database.schemas, input, status, clock.now());
    if (!stored.created) return stored;
    if (this.configured) await jobs.send(MAIL_QUEUE, { id: stored.id }, { trx });
    else log.warn(notConfiguredLine(input.messageKey));
    return stored;
  }

  /** A message by its key, with its delivery state (status, attempts, last error, sent at). */
  find(messageKey: string) {
    return loadMessage(this.deps.database.db, this.deps.database.schemas, messageKey);
  }

  /** Closes the SMTP connections (after the queue stopped). */
  close(): void {
    this.deps.transport?.close();
  }
}
