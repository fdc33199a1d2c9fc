export type MailStatus = "queued" | "sent" | "failed" | "not_configured";

export interface MailAddress {
  email: string;
  name?: string;
}

export interface MailInput {
  to: readonly MailAddress[];
  subject: string;
  text: string;
  html?: string;
  /**
   * Stable per occurrence (e.g. `automation.<id>.run.<run id>.<user id>`): the message's Message-ID is
   * `<messageKey@domain>` on every attempt, and enqueueing the same key again stores and sends nothing more.
   * Letters, digits and `_ + = -`, in dot-separated parts.
   */
  messageKey: string;
}

/** What `enqueue` did: `created` is false when the key was enqueued before (its first message stands). */
export interface EnqueuedMail {
  id: string;
  status: MailStatus;
  created: boolean;
}

/** One stored message, as the delivery job reads it. */
export interface StoredMail {
  id: string;
  message_key: string;
  recipients: MailAddress[];
  subject: string;
  text_body: string;
  html_body: string | null;
  status: MailStatus;
  attempts: number;
}
