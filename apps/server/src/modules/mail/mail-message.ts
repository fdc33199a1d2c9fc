import type { MailInput, StoredMail } from "./mail-types.ts";

/** Parts of RFC 5322 dot-atom text that need no quoting, so the Message-ID carries the key as it is. */
const MESSAGE_KEY = /^[A-Za-z0-9_+=-]+(?:\.[A-Za-z0-9_+=-]+)*$/;
const MAX_KEY = 200;
/** An address without the characters that would end a header or an address list. */
const ADDRESS = /^[^\s<>,;"]+@[^\s<>,;"@]+$/u;
const MAX_RECIPIENTS = 100;

const DEFAULT_FROM = "Keduo <noreply@keduo.local>";

/** Refuses what a caller got wrong (these are engine bugs, not user input): thrown before anything is stored. */
export function assertMailInput(input: MailInput): void {
  if (!MESSAGE_KEY.test(input.messageKey) || input.messageKey.length > MAX_KEY)
    throw new Error(
      `mail: messageKey must be dot-separated letters, digits, _ + = - (got "${input.messageKey}")`,
    );
  if (input.to.length === 0 || input.to.length > MAX_RECIPIENTS)
    throw new Error(`mail: between 1 and ${MAX_RECIPIENTS} recipients (got ${input.to.length})`);
  const bad = input.to.filter((to) => !ADDRESS.test(to.email));
  if (bad.length)
    throw new Error(`mail: not an address: ${bad.map((to) => JSON.stringify(to.email)).join(", ")}`);
  if (/[\r\n]/.test(input.subject)) throw new Error("mail: the subject is one line");
}

/** The sender as configured (SMTP_FROM), else a local placeholder. */
export const senderOf = (smtpFrom: string | null) => smtpFrom ?? DEFAULT_FROM;

/** The domain Message-IDs are made in: the sender's, so receivers see them as ours. */
export function messageDomainOf(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf("@") + 1).trim() || "keduo.local";
}

/** The same on every attempt: receivers drop a repeat (after a crash between sending and recording it). */
export const messageIdOf = (messageKey: string, domain: string) => `<${messageKey}@${domain}>`;

/** What nodemailer sends for a stored message. */
export function composeMessage(mail: StoredMail, from: string) {
  return {
    from,
    to: mail.recipients.map((to) => (to.name ? { name: to.name, address: to.email } : to.email)),
    subject: mail.subject,
    text: mail.text_body,
    ...(mail.html_body !== null ? { html: mail.html_body } : {}),
    messageId: messageIdOf(mail.message_key, messageDomainOf(from)),
  };
}
