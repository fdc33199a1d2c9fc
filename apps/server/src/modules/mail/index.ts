import type { Clock } from "@keduo/core";
import { createTransport } from "nodemailer";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { JobQueue } from "../jobs/index.ts";
import { MAIL_QUEUE, MailService } from "./mail.service.ts";
import { deliverMessage, MAIL_RETRIES, type MailLog } from "./mail-delivery.ts";
import { senderOf } from "./mail-message.ts";

export { MAIL_QUEUE, MailService } from "./mail.service.ts";
export type { MailLog } from "./mail-delivery.ts";
export { messageIdOf } from "./mail-message.ts";
export type { EnqueuedMail, MailAddress, MailInput, MailStatus } from "./mail-types.ts";

/**
 * Creates the mail service and registers its delivery queue (before the queue starts). SMTP connections are
 * pooled; the timeouts keep a server that stops answering from holding a job for the queue's 15 minutes.
 */
export function createMailService(deps: {
  database: Database;
  clock: Clock;
  config: ServerConfig;
  jobs: JobQueue;
  log: MailLog;
}): MailService {
  const { config } = deps;
  const transport = config.smtpUrl
    ? createTransport({
        url: config.smtpUrl,
        pool: true,
        maxConnections: 4,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      })
    : null;
  const from = senderOf(config.smtpFrom);
  deps.jobs.register(MAIL_QUEUE, (data) => deliverMessage({ ...deps, transport, from }, String(data.id)), {
    retryLimit: MAIL_RETRIES,
    retryDelaySeconds: config.mailRetryDelaySeconds,
    batchSize: 10,
    // One worker per pooled SMTP connection: messages wait on the server, not on this process.
    concurrency: 4,
    expireInSeconds: 300,
  });
  return new MailService({ ...deps, transport });
}
