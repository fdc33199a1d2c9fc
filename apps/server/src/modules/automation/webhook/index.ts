import type { Clock, WebhookDelivery } from "@keduo/core";
import type { Database, Trx } from "../../../db/database.ts";
import type { JobQueue } from "../../jobs/index.ts";
import { type AllowedHosts, guardedLookup, normalizeHost, type Resolver } from "./ssrf-guard.ts";
import { deliverWebhook, WEBHOOK_QUEUE, WEBHOOK_RETRIES } from "./webhook-delivery.ts";
import { deliveriesOfRun, insertDelivery, type NewDelivery } from "./webhook-rows.ts";

export { generateSecret, isValidSecret, type SignedHeaders, verifySignature } from "./signing.ts";
export { type AllowedHosts, hostRefusal, type Resolver } from "./ssrf-guard.ts";
export { WEBHOOK_QUEUE } from "./webhook-delivery.ts";

/** What webhook actions use: the allow-list (checked when saved) and the delivery queue. */
export interface WebhookPort {
  readonly allowHosts: AllowedHosts;
  /** Stores the delivery and queues its job in the action's transaction; false when it was queued before. */
  enqueue(trx: Trx, delivery: NewDelivery): Promise<boolean>;
  /** A run's deliveries and how each went. */
  deliveries(runId: string): Promise<WebhookDelivery[]>;
}

/**
 * Outbound webhooks (ADR 0032): a delivery is a row and a job written in the action's transaction (so it
 * exists exactly when the action is done); the job makes the HTTP call with no transaction open, through the
 * SSRF guard, and is retried with doubling delays by the queue.
 */
export function createWebhookSender(deps: {
  database: Database;
  clock: Clock;
  jobs: JobQueue;
  /** KEDUO_WEBHOOK_ALLOW_HOSTS. */
  allowHosts: readonly string[];
  /** First retry delay in seconds (KEDUO_WEBHOOK_RETRY_SECONDS); it doubles each time. */
  retryDelaySeconds: number;
  /** Tests resolve names their own way; node:dns otherwise. */
  resolver?: Resolver;
}): WebhookPort {
  const { database, clock, jobs } = deps;
  const allowHosts: AllowedHosts = new Set(deps.allowHosts.map(normalizeHost));
  const delivery = { database, clock, allowHosts, lookup: guardedLookup(deps.resolver) };
  jobs.register(WEBHOOK_QUEUE, (data) => deliverWebhook(delivery, String(data.id)), {
    retryLimit: WEBHOOK_RETRIES,
    retryDelaySeconds: deps.retryDelaySeconds,
    // One at a time: the jobs of a batch run one after another, and a fetched job's expiry runs meanwhile.
    batchSize: 1,
    expireInSeconds: 120,
  });
  return {
    allowHosts,
    async enqueue(trx, input) {
      const id = await insertDelivery(trx, database.schemas, input, clock.now());
      if (id) await jobs.send(WEBHOOK_QUEUE, { id }, { trx });
      return id !== null;
    },
    async deliveries(runId) {
      const rows = await deliveriesOfRun(database.db, database.schemas, runId);
      return rows.map((row) => ({
        webhook_id: row.webhook_id,
        action: row.action,
        url: row.url,
        status: row.status,
        attempts: row.attempts,
        response_status: row.response_status,
        last_error: row.last_error,
        created_at: row.created_at.toISOString(),
        finished_at: row.finished_at?.toISOString() ?? null,
      }));
    },
  };
}
