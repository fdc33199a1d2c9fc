import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Outbound webhooks of automations (ADR 0032): one row per webhook action of a run, written with its delivery
 * job in the action's transaction. `webhook_id` is unique per run and action (it is the `webhook-id` header, the
 * same on every attempt); the body is fixed when the row is written, so every retry sends the same bytes. The
 * signing secret is not copied here: the delivery reads it from the automation version the run uses.
 */
export const webhookDeliveriesMigration: Migration = {
  id: 24,
  name: "webhook deliveries",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    await sql`CREATE TABLE ${t("webhook_deliveries")} (
      id uuid PRIMARY KEY,
      webhook_id text NOT NULL UNIQUE,
      run_id uuid NOT NULL,
      action int NOT NULL,
      url text NOT NULL,
      body text NOT NULL,
      status text NOT NULL CHECK (status IN ('queued', 'delivered', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      response_status int,
      last_error text,
      created_at timestamptz NOT NULL,
      finished_at timestamptz)`.execute(trx);
    await sql`CREATE INDEX ${sql.id("webhook_deliveries_run")} ON ${t("webhook_deliveries")} (run_id, action)`.execute(
      trx,
    );
  },
};
