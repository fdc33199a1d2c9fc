import type { LookupFunction } from "node:net";
import type { Clock } from "@keduo/core";
import type { Database } from "../../../db/database.ts";
import { postOnce } from "./http-post.ts";
import { signatureHeaders } from "./signing.ts";
import { type AllowedHosts, assertLiteralAllowed, normalizeHost } from "./ssrf-guard.ts";
import { type DeliveryStatus, recordAttempt, secretOf, startAttempt } from "./webhook-rows.ts";

export const WEBHOOK_QUEUE = "keduo-automation-webhook";

/** Retries after the first failure (the queue doubles the delay each time, with jitter): eleven attempts in all. */
export const WEBHOOK_RETRIES = 10;

export interface DeliveryDeps {
  database: Database;
  clock: Clock;
  allowHosts: AllowedHosts;
  /** The guard's lookup (guardedLookup), made once so its HTTP agents are too. */
  lookup: LookupFunction;
  timeoutMs?: number;
}

/** A failure no retry would change: the guard refused the address, or the action is gone. */
const isPermanent = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { permanent?: unknown }).permanent === true;

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Network trouble and a busy or broken receiver may pass; any other answer would be the same next time. */
const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * The webhook queue's job: one attempt at one stored delivery, outside any transaction (the attempt is
 * counted first, its outcome recorded after). Success is a 2xx answer. A refusal worth retrying is recorded
 * and thrown, so the queue tries again later with the same `webhook-id` and body (a fresh timestamp and
 * signature); a permanent one, or the last attempt, marks the delivery failed.
 */
export async function deliverWebhook(deps: DeliveryDeps, id: string): Promise<void> {
  const { db, schemas } = deps.database;
  const delivery = await startAttempt(db, schemas, id);
  if (!delivery) return;
  const record = (status: DeliveryStatus, responseStatus: number | null, error: string | null) =>
    recordAttempt(db, schemas, id, { status, responseStatus, error, now: deps.clock.now() });
  const secret = await secretOf(db, schemas, delivery.run_id, delivery.action);
  if (!secret) return record("failed", null, "the webhook action of this run's automation version is gone");
  const url = new URL(delivery.url);
  const allowed = deps.allowHosts.has(normalizeHost(url.hostname));
  const last = delivery.attempts > WEBHOOK_RETRIES;
  let status: number;
  try {
    if (!allowed) assertLiteralAllowed(url.hostname);
    status = await postOnce({
      url,
      headers: {
        "content-type": "application/json",
        "user-agent": "Keduo-Webhooks/1",
        ...signatureHeaders(secret, delivery.webhook_id, deps.clock.now(), delivery.body),
      },
      body: delivery.body,
      lookup: allowed ? undefined : deps.lookup,
      timeoutMs: deps.timeoutMs,
    });
  } catch (error) {
    const final = last || isPermanent(error);
    await record(final ? "failed" : "queued", null, describe(error));
    if (final) return;
    throw error;
  }
  if (status >= 200 && status < 300) return record("delivered", status, null);
  const final = last || !isRetryableStatus(status);
  await record(final ? "failed" : "queued", status, `${url.host} answered ${status}`);
  if (!final) throw new Error(`webhook ${delivery.webhook_id}: ${url.host} answered ${status}`);
}
