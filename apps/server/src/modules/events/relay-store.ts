import { type RawBuilder, sql } from "kysely";
import type { Database, Db } from "../../db/database.ts";
import type { DomainEvent, EventSource, RecordEventType } from "./event-types.ts";

/*
 * The relay's SQL (ADR 0017). Two clocks on purpose: leases and retry times are wall-clock (they guard
 * processes, like import leases in ADR 0012); `created_at` / `seen_at`, which retention compares, follow the
 * business clock like every other timestamp a write stores.
 */

const TABLES = [
  "outbox",
  "event_order",
  "event_relay",
  "event_consumers",
  "event_parked",
  "number_events",
  "events_to_number",
] as const;

/** The database and the relay's tables as SQL identifiers (raw SQL does not get the schema plugin's prefix). */
export interface RelayDb {
  db: Db;
  t: Record<(typeof TABLES)[number], RawBuilder<unknown>>;
}

export function relayDb(database: Database): RelayDb {
  const t = Object.fromEntries(TABLES.map((name) => [name, sql.id(database.schemas.system, name)]));
  return { db: database.db, t: t as RelayDb["t"] };
}

export interface RelayStatus {
  lastSeq: number;
  /** Committed events wait to be numbered. */
  unnumbered: boolean;
  consumers: Map<string, { position: number; retryAt: Date | null }>;
}

/** Everything a tick needs to decide whether there is work, in one statement (the idle cost of the relay). */
export async function readRelayStatus({ db, t }: RelayDb, names: string[]): Promise<RelayStatus> {
  const { rows } = await sql<{
    last_seq: number;
    unnumbered: boolean;
    consumers: Array<{ name: string; position: number; retry_at: string | null }> | null;
  }>`SELECT r.last_seq,
      ${t.events_to_number}() AS unnumbered,
      (SELECT json_agg(json_build_object('name', c.name, 'position', c.position, 'retry_at', c.retry_at))
        FROM ${t.event_consumers} c WHERE c.name = ANY(${names}::text[])) AS consumers
    FROM ${t.event_relay} r WHERE r.id = 1`.execute(db);
  const row = rows[0]!;
  return {
    lastSeq: Number(row.last_seq),
    unnumbered: row.unnumbered,
    consumers: new Map(
      (row.consumers ?? []).map((c) => [
        c.name,
        { position: Number(c.position), retryAt: c.retry_at ? new Date(c.retry_at) : null },
      ]),
    ),
  };
}

/**
 * Numbers the committed events no numbering saw yet (migration 030's `number_events`): under the relay row's
 * lock, one instance at a time, the events visible in a new snapshot and not in the last numbering's, in id
 * order. An event's transaction committed before the events of any later write to the same record were even
 * inserted (writes lock the record's row first), so per record, id order is commit order, and a later write's
 * events are numbered in the same numbering or a later one, after it. Returns how many were numbered; 0 when
 * another instance holds the lock.
 */
export async function numberEvents({ db, t }: RelayDb): Promise<number> {
  const { rows } = await sql<{ numbered: number }>`SELECT ${t.number_events}() AS numbered`.execute(db);
  return Number(rows[0]?.numbered ?? 0);
}

/**
 * A new consumer starts at the current end of the numbered events: it does not receive the history before it
 * existed (events committed but not yet numbered at that moment are still delivered to it).
 */
export async function registerConsumers({ db, t }: RelayDb, names: string[], now: Date): Promise<void> {
  if (names.length === 0) return;
  await sql`INSERT INTO ${t.event_consumers} (name, position, created_at, seen_at)
    SELECT name, (SELECT last_seq FROM ${t.event_relay} WHERE id = 1), ${now}, ${now}
    FROM unnest(${names}::text[]) AS name
    ON CONFLICT (name) DO UPDATE SET seen_at = excluded.seen_at`.execute(db);
}

export interface Lease {
  position: number;
  attempts: number;
  isolateUntil: number | null;
}

/** How many events to read next: one at a time while a failed batch is being isolated. */
export const nextLimit = (lease: Lease, batch: number) =>
  lease.isolateUntil !== null && lease.isolateUntil > lease.position ? 1 : batch;

/** Reads up to `page` events after the lease CTE's position (one while isolating a failure), with the lease. */
async function leaseWithEvents(
  { db, t }: RelayDb,
  leaseCte: RawBuilder<unknown>,
  page: number,
): Promise<{ lease: Lease; events: DomainEvent[] } | null> {
  const { rows } = await sql<
    OutboxRow & { c_position: number; c_attempts: number; c_isolate_until: number | null }
  >`
    WITH lease AS (${leaseCte})
    SELECT l.position AS c_position, l.attempts AS c_attempts, l.isolate_until AS c_isolate_until, o.*
    FROM lease l LEFT JOIN LATERAL (
      SELECT ${EVENT_SELECT} FROM ${t.event_order} JOIN ${t.outbox} ON id = event_id WHERE seq > l.position
      ORDER BY seq LIMIT CASE WHEN l.isolate_until > l.position THEN 1 ELSE ${page}::int END) o ON true
    ORDER BY o.seq`.execute(db);
  const first = rows[0];
  if (!first) return null;
  const lease = {
    position: Number(first.c_position),
    attempts: first.c_attempts,
    isolateUntil: first.c_isolate_until === null ? null : Number(first.c_isolate_until),
  };
  return { lease, events: rows.filter((row) => row.seq !== null).map(toDomainEvent) };
}

/**
 * Takes (or renews) a consumer's lease when it has undelivered events and no retry pending, and reads its
 * first page of events in the same statement: one instance delivers to a consumer at a time, so each event
 * reaches it once and in order. A lease a dead process held runs out after `leaseMs`; its events are then
 * delivered again (at least once).
 */
export function acquireLease(
  { db, t }: RelayDb,
  consumer: { name: string; owner: string; leaseMs: number; page: number },
): Promise<{ lease: Lease; events: DomainEvent[] } | null> {
  const now = new Date();
  return leaseWithEvents(
    { db, t },
    sql`UPDATE ${t.event_consumers} SET lease_owner = ${consumer.owner},
        lease_until = ${new Date(now.getTime() + consumer.leaseMs)}
      WHERE name = ${consumer.name}
        AND (lease_owner = ${consumer.owner} OR lease_until IS NULL OR lease_until < ${now})
        AND (retry_at IS NULL OR retry_at <= ${now})
        AND position < (SELECT last_seq FROM ${t.event_relay} WHERE id = 1)
      RETURNING position, attempts, isolate_until`,
    consumer.page,
  );
}

/**
 * Moves a consumer past delivered events and reads its next page in the same statement (one round trip per
 * page while a consumer catches up); null when the lease was lost meanwhile.
 */
export function acknowledgeAndRead(
  { db, t }: RelayDb,
  consumer: { name: string; owner: string },
  seq: number,
  page: number,
): Promise<{ lease: Lease; events: DomainEvent[] } | null> {
  return leaseWithEvents(
    { db, t },
    sql`${acknowledgement(t, consumer, { seq, release: false })}
      RETURNING position, attempts, isolate_until`,
    page,
  );
}

export async function renewLease(
  { db }: RelayDb,
  name: string,
  owner: string,
  leaseMs: number,
): Promise<void> {
  await db
    .updateTable("event_consumers")
    .set({ lease_until: new Date(Date.now() + leaseMs) })
    .where("name", "=", name)
    .where("lease_owner", "=", owner)
    .execute();
}

export async function releaseLease({ db }: RelayDb, name: string, owner: string): Promise<void> {
  await db
    .updateTable("event_consumers")
    .set({ lease_owner: null, lease_until: null })
    .where("name", "=", name)
    .where("lease_owner", "=", owner)
    .execute();
}

/**
 * An event's columns as the relay reads them. The payload comes as its stored text and is parsed when a
 * consumer first reads it: consumers that pick events by type or object never pay for the others' payloads
 * (parsing them was most of the relay's own time in a 1,000-record bulk create).
 */
const EVENT_SELECT = sql.join([
  ...[
    "id",
    "seq",
    "event_type",
    "object",
    "record_id",
    "actor_id",
    "source",
    "cause_event_id",
    "cause_run_id",
    "depth",
    "created_at",
  ].map((column) => sql.ref(column)),
  sql`payload::text AS payload`,
]);

interface OutboxRow {
  id: number;
  seq: number;
  event_type: string;
  object: string;
  record_id: string;
  actor_id: string | null;
  source: string;
  cause_event_id: number | null;
  cause_run_id: string | null;
  depth: number;
  /** The payload's JSON text (`toDomainEvent` parses it on first read). */
  payload: string;
  created_at: Date;
}

function toDomainEvent(row: OutboxRow): DomainEvent {
  const hasCause = row.cause_event_id !== null || row.cause_run_id !== null || row.depth > 0;
  let payload: DomainEvent["payload"] | undefined;
  return {
    id: Number(row.id),
    seq: Number(row.seq),
    type: row.event_type as RecordEventType,
    object: row.object,
    recordId: row.record_id,
    actorId: row.actor_id,
    source: row.source as EventSource,
    causation: hasCause
      ? {
          depth: row.depth,
          ...(row.cause_event_id !== null ? { eventId: Number(row.cause_event_id) } : {}),
          ...(row.cause_run_id !== null ? { runId: row.cause_run_id } : {}),
        }
      : null,
    get payload() {
      payload ??= JSON.parse(row.payload) as DomainEvent["payload"];
      return payload;
    },
    occurredAt: row.created_at,
  };
}

/** The next numbered events after a consumer's position, in delivery order. */
export async function readEvents({ db, t }: RelayDb, after: number, limit: number): Promise<DomainEvent[]> {
  const { rows } = await sql<OutboxRow>`SELECT ${EVENT_SELECT}
    FROM ${t.event_order} JOIN ${t.outbox} ON id = event_id
    WHERE seq > ${after} ORDER BY seq LIMIT ${limit}`.execute(db);
  return rows.map(toDomainEvent);
}

/**
 * Moves a consumer past delivered events, giving up the lease with it when `release` (the consumer caught up);
 * false when the lease was lost meanwhile (another instance has it).
 */
export async function acknowledge(
  { db, t }: RelayDb,
  consumer: { name: string; owner: string },
  ack: { seq: number; release: boolean },
): Promise<boolean> {
  const result = await acknowledgement(t, consumer, ack).execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

function acknowledgement(
  t: RelayDb["t"],
  consumer: { name: string; owner: string },
  { seq, release }: { seq: number; release: boolean },
) {
  return sql`UPDATE ${t.event_consumers} SET position = ${seq}, attempts = 0, last_error = NULL,
      retry_at = NULL, delivered_at = ${new Date()},
      isolate_until = CASE WHEN isolate_until <= ${seq} THEN NULL ELSE isolate_until END
      ${release ? sql`, lease_owner = NULL, lease_until = NULL` : sql``}
    WHERE name = ${consumer.name} AND lease_owner = ${consumer.owner} AND position < ${seq}`;
}

/** A failed delivery: retry later, one event at a time up to `isolateUntil`, so the failing one is found. */
export async function recordFailure(
  { db }: RelayDb,
  name: string,
  owner: string,
  failure: { attempts: number; isolateUntil: number; retryAt: Date; error: string },
): Promise<void> {
  await db
    .updateTable("event_consumers")
    .set({
      attempts: failure.attempts,
      isolate_until: failure.isolateUntil,
      retry_at: failure.retryAt,
      last_error: failure.error,
      lease_owner: null,
      lease_until: null,
    })
    .where("name", "=", name)
    .where("lease_owner", "=", owner)
    .execute();
}

/** Gives up on one event for one consumer: it is kept with its error, and the consumer moves past it. */
export async function parkEvent(
  { db, t }: RelayDb,
  name: string,
  owner: string,
  parked: { event: DomainEvent; error: string; attempts: number; now: Date },
): Promise<boolean> {
  const { event } = parked;
  const result = await sql`WITH moved AS (
      UPDATE ${t.event_consumers} SET position = ${event.seq}, attempts = 0, retry_at = NULL, last_error = ${parked.error}
      WHERE name = ${name} AND lease_owner = ${owner} AND position < ${event.seq} RETURNING name)
    INSERT INTO ${t.event_parked} (consumer, seq, event, error, attempts, parked_at)
    SELECT name, ${event.seq}, ${JSON.stringify(event)}::jsonb, ${parked.error}, ${parked.attempts}, ${parked.now}
    FROM moved`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export interface ConsumerState {
  name: string;
  position: number;
  lag: number;
  attempts: number;
  retry_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  leased: boolean;
  parked: Array<{
    seq: number;
    event_id: number;
    type: string;
    record_id: string;
    error: string;
    attempts: number;
    parked_at: string;
  }>;
}

/** Every consumer's delivery state and its parked events (newest first, at most 100 each). */
export async function listConsumers({ db, t }: RelayDb, now: Date): Promise<ConsumerState[]> {
  const relay = await db
    .selectFrom("event_relay")
    .select("last_seq")
    .where("id", "=", 1)
    .executeTakeFirstOrThrow();
  const consumers = await db.selectFrom("event_consumers").selectAll().orderBy("name").execute();
  const parked = await sql<{
    consumer: string;
    seq: number;
    event: DomainEvent;
    error: string;
    attempts: number;
    parked_at: Date;
  }>`SELECT p.* FROM ${t.event_consumers} c
    CROSS JOIN LATERAL (SELECT * FROM ${t.event_parked} p WHERE p.consumer = c.name ORDER BY seq DESC LIMIT 100) p`.execute(
    db,
  );
  return consumers.map((c) => ({
    name: c.name,
    position: Number(c.position),
    lag: Number(relay.last_seq) - Number(c.position),
    attempts: c.attempts,
    retry_at: c.retry_at?.toISOString() ?? null,
    last_error: c.last_error,
    delivered_at: c.delivered_at?.toISOString() ?? null,
    leased: c.lease_until !== null && c.lease_until > now,
    parked: parked.rows
      .filter((p) => p.consumer === c.name)
      .map((p) => ({
        seq: Number(p.seq),
        event_id: p.event.id,
        type: p.event.type,
        record_id: p.event.recordId,
        error: p.error,
        attempts: p.attempts,
        parked_at: p.parked_at.toISOString(),
      })),
  }));
}
