import { uuidv7 } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../../db/database.ts";

/** The webhook_deliveries table (a system table the schema plugin does not know). */
const table = (schemas: Schemas) => sql.id(schemas.system, "webhook_deliveries");

export type DeliveryStatus = "queued" | "delivered" | "failed";

export interface NewDelivery {
  webhookId: string;
  runId: string;
  action: number;
  url: string;
  body: string;
}

/** One delivery as stored: what the job sends and, for the run's readers, how it went. */
export interface DeliveryRow {
  id: string;
  webhook_id: string;
  run_id: string;
  action: number;
  url: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** Stores a delivery once per webhook id; null when it was stored before (nothing new to queue). */
export async function insertDelivery(
  trx: Trx,
  schemas: Schemas,
  input: NewDelivery,
  now: Date,
): Promise<string | null> {
  const { rows } = await sql<{ id: string }>`INSERT INTO ${table(schemas)}
      (id, webhook_id, run_id, action, url, body, status, created_at)
    VALUES (${uuidv7(now.getTime())}, ${input.webhookId}, ${input.runId}, ${input.action}, ${input.url},
      ${input.body}, 'queued', ${now}::timestamptz)
    ON CONFLICT (webhook_id) DO NOTHING
    RETURNING id`.execute(trx);
  return rows[0]?.id ?? null;
}

/**
 * Counts an attempt before it is made (committed on its own, no transaction held over the HTTP call), so an
 * attempt cut short by a crash still counts; null when the delivery is gone or already settled.
 */
export async function startAttempt(db: Db, schemas: Schemas, id: string): Promise<DeliveryRow | null> {
  const { rows } = await sql<DeliveryRow>`UPDATE ${table(schemas)} SET attempts = attempts + 1
    WHERE id = ${id} AND status = 'queued' RETURNING *`.execute(db);
  return rows[0] ?? null;
}

/** The outcome of one attempt: delivered, or failed for good, or (neither) left queued for the retry. */
export async function recordAttempt(
  db: Db,
  schemas: Schemas,
  id: string,
  outcome: { status: DeliveryStatus; responseStatus: number | null; error: string | null; now: Date },
): Promise<void> {
  await sql`UPDATE ${table(schemas)} SET status = ${outcome.status},
      response_status = ${outcome.responseStatus}, last_error = ${outcome.error?.slice(0, 2000) ?? null},
      finished_at = CASE WHEN ${outcome.status} = 'queued' THEN NULL ELSE ${outcome.now}::timestamptz END
    WHERE id = ${id} AND status = 'queued'`.execute(db);
}

/** A run's deliveries in action order (the run log's detail of what its webhooks did). */
export async function deliveriesOfRun(db: Db, schemas: Schemas, runId: string): Promise<DeliveryRow[]> {
  const { rows } = await sql<DeliveryRow>`SELECT * FROM ${table(schemas)} WHERE run_id = ${runId}
    ORDER BY action`.execute(db);
  return rows;
}

/**
 * The signing secret of a delivery's webhook action, from the automation version its run uses (the secret is
 * kept in one place, the definition); null when that version or action is gone.
 */
export async function secretOf(
  db: Db,
  schemas: Schemas,
  runId: string,
  action: number,
): Promise<string | null> {
  const { rows } = await sql<{ secret: string | null }>`
    SELECT v.definition -> 'actions' -> ${action}::int ->> 'secret' AS secret
    FROM ${sql.id(schemas.system, "automation_runs")} r
    JOIN ${sql.id(schemas.system, "automation_versions")} v ON v.automation_id = r.automation_id
      AND v.version = r.version
    WHERE r.id = ${runId}`.execute(db);
  return rows[0]?.secret ?? null;
}
