import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";

export type RecordEventType = "record.created" | "record.updated" | "record.deleted" | "record.restored";

export interface RecordEvent {
  type: RecordEventType;
  object: string;
  recordId: string;
  actorId: string | null;
  payload: Record<string, unknown>;
}

/** Domain events are written in the record's own transaction: they exist exactly when the change committed. */
export async function appendEvents(trx: Trx, events: RecordEvent[], now: Date): Promise<void> {
  if (events.length) await insertEvents(trx, events, now).execute();
}

/** The INSERT of `events`, unexecuted, so a write can send it together with its other bookkeeping. */
export function insertEvents(trx: Trx, events: RecordEvent[], now: Date) {
  return trx.insertInto("outbox").values(
    events.map((event) => ({
      event_type: event.type,
      object: event.object,
      record_id: event.recordId,
      actor_id: event.actorId,
      payload: JSON.stringify(event.payload),
      created_at: now,
    })),
  );
}

export interface ClaimedEvent {
  id: number;
  event_type: string;
  object: string;
  record_id: string;
  payload: unknown;
  created_at: Date;
}

/**
 * Claims pending events for a consumer. `FOR UPDATE SKIP LOCKED` lets several instances drain the outbox side
 * by side without taking the same row; "id greater than the last seen" would skip rows whose transactions
 * committed out of id order. The caller marks them processed in the same transaction.
 */
export async function claimEvents(trx: Trx, limit: number): Promise<ClaimedEvent[]> {
  return trx
    .selectFrom("outbox")
    .select(["id", "event_type", "object", "record_id", "payload", "created_at"])
    .where("processed_at", "is", null)
    .orderBy("id")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute() as Promise<ClaimedEvent[]>;
}

export async function markProcessed(trx: Trx, ids: number[], now: Date): Promise<void> {
  if (ids.length) await trx.updateTable("outbox").set({ processed_at: now }).where("id", "in", ids).execute();
}

export async function countPendingEvents(db: Db, recordId?: string): Promise<number> {
  let query = db
    .selectFrom("outbox")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("processed_at", "is", null);
  if (recordId) query = query.where("record_id", "=", recordId);
  return Number((await query.executeTakeFirstOrThrow()).count);
}

/**
 * The same INSERT for a write's many events, as one JSON document read by `jsonb_to_recordset`: one bind
 * parameter whatever the number of events, built natively (a `jsonb[]` array parameter made the driver
 * escape every payload's quotes in JavaScript: ~20 ms of a 1,000-record bulk write).
 */
export function insertEventsBatch(
  schemas: Schemas,
  events: RecordEvent[],
  now: Date,
  options: { returning?: boolean } = {},
) {
  const document = JSON.stringify(
    events.map((e) => ({ t: e.type, o: e.object, r: e.recordId, a: e.actorId, p: e.payload })),
  );
  return sql`INSERT INTO ${sql.id(schemas.system, "outbox")} (event_type, object, record_id, actor_id, payload, created_at)
    SELECT e.t, e.o, e.r, e.a, e.p, ${now}::timestamptz
    FROM jsonb_to_recordset(${document}::jsonb) AS e (t text, o text, r uuid, a uuid, p jsonb)
    ${options.returning ? sql`RETURNING record_id, object, actor_id, payload` : sql``}`;
}
