import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";

export interface AuditEntry {
  action: string;
  actorId: string | null;
  ip?: string | null;
  via?: string | null;
  object?: string | null;
  recordId?: string | null;
  /**
   * Field changes: `{ field: { from, to } }`; never secrets (passwords and tokens are not fields). Rows of
   * created records store none (ADR 0036): the record and the later rows' `from` values hold them, and the
   * record's history puts them back together. Rows written before that hold the created values
   * `{ field: value }` (or `{ from: null, to }`), which `queryAudit` hands out in the `{ from: null, to }` form.
   */
  changes?: Record<string, unknown> | null;
  details?: Record<string, unknown> | null;
}

/**
 * Appends audit rows in the caller's transaction, so they exist exactly when the change committed.
 * The table rejects UPDATE, DELETE and TRUNCATE by trigger (migration 003).
 */
export async function appendAudit(trx: Trx | Db, entries: AuditEntry[], now: Date): Promise<void> {
  if (entries.length) await insertAudit(trx, entries, now).execute();
}

/** The INSERT of `entries`, unexecuted, so a record write can batch it with its events (one round trip). */
export function insertAudit(trx: Trx | Db, entries: AuditEntry[], now: Date) {
  return trx.insertInto("audit_log").values(
    entries.map((entry) => ({
      occurred_at: now,
      actor_id: entry.actorId,
      actor_ip: entry.ip ?? null,
      via: entry.via ?? null,
      action: entry.action,
      object: entry.object ?? null,
      record_id: entry.recordId ?? null,
      changes: JSON.stringify(entry.changes ?? null),
      details: JSON.stringify(entry.details ?? null),
    })),
  );
}

/**
 * The `cursor` query parameter of audit pages: an entry id. Bounded to what a JavaScript number holds
 * exactly, so a crafted `99999999999999999999999` is refused (400) rather than overflow `bigint` in SQL.
 */
export const AUDIT_CURSOR_SCHEMA = { type: "string", pattern: "^\\d{1,15}$" } as const;

export interface AuditQuery {
  actorId?: string;
  action?: string;
  object?: string;
  recordId?: string;
  from?: Date;
  to?: Date;
  /** Id of the last row of the previous page: rows are newest first. */
  before?: number;
  limit: number;
}

export async function queryAudit(db: Db, query: AuditQuery) {
  let q = db
    .selectFrom("audit_log")
    .selectAll()
    .orderBy("id", "desc")
    .limit(query.limit + 1);
  if (query.actorId) q = q.where("actor_id", "=", query.actorId);
  if (query.action) q = q.where("action", "=", query.action);
  if (query.object) q = q.where("object", "=", query.object);
  if (query.recordId) q = q.where("record_id", "=", query.recordId);
  if (query.from) q = q.where("occurred_at", ">=", query.from);
  if (query.to) q = q.where("occurred_at", "<", query.to);
  if (query.before) q = q.where("id", "<", query.before);
  const rows = await q.execute();
  const page = rows
    .slice(0, query.limit)
    .map((row) => ({ ...row, changes: readChanges(row), details: readDetails(row) }));
  return { entries: page, next_cursor: rows.length > query.limit ? String(page.at(-1)?.id) : null };
}

/**
 * The field changes of a record's audit rows after `afterId`, oldest first: what the record's history rolls
 * the current values back through to show a created record's values (ADR 0036).
 */
export async function recordChangesAfter(
  db: Db,
  target: { object: string; recordId: string; afterId: number },
): Promise<Array<Record<string, unknown>>> {
  const rows = await db
    .selectFrom("audit_log")
    .select("changes")
    .where("object", "=", target.object)
    .where("record_id", "=", target.recordId)
    .where("id", ">", target.afterId)
    .where("changes", "is not", null)
    .orderBy("id")
    .execute();
  return rows.map((row) => row.changes as Record<string, unknown>).filter((c) => c && typeof c === "object");
}

export const isFromTo = (value: unknown) =>
  value !== null && typeof value === "object" && !Array.isArray(value) && ("from" in value || "to" in value);

/**
 * A created record's row holds its values; every other row (and created records' rows written before
 * values were stored plainly) holds `{ from, to }` per field. Field values are never objects with `from`
 * or `to` keys, so the shape tells the two apart.
 */
function readChanges(row: { action: string; changes: unknown }): unknown {
  const changes = row.changes as Record<string, unknown> | null;
  if (row.action !== "record.create" || !changes || typeof changes !== "object") return changes;
  const values = Object.entries(changes);
  if (values.every(([, value]) => isFromTo(value))) return changes;
  return Object.fromEntries(values.map(([field, value]) => [field, { from: null, to: value }]));
}

/**
 * A created record is at version 1, so its row does not store it (see `insertCreatedAudit`); rows written
 * before say so themselves.
 */
function readDetails(row: { action: string; details: unknown }): unknown {
  if (row.action !== "record.create") return row.details;
  return { version: 1, ...(row.details as Record<string, unknown> | null) };
}

/**
 * Audit rows of created records, copied in SQL from the rows the write's events CTE (`source`) returned
 * (one statement, ADR 0014). They say who created which record, when, how and why — not the values, which
 * the record holds (ADR 0036): a copy of every created record made the audit log larger than the data.
 */
export function insertCreatedAudit(
  schemas: Schemas,
  source: string,
  origin: { ip: string | null; via: string | null; details?: Record<string, unknown> },
  now: Date,
) {
  // Only what varies: every create makes version 1, which `queryAudit` puts back — `{"version": 1}` stored
  // on every row was 3 MiB of a 100,000-row import's audit log.
  const extra = origin.details && Object.keys(origin.details).length ? origin.details : null;
  return sql`INSERT INTO ${sql.id(schemas.system, "audit_log")}
      (occurred_at, actor_id, actor_ip, via, action, object, record_id, changes, details)
    SELECT ${now}::timestamptz, e.actor_id, ${origin.ip}, ${origin.via}, 'record.create', e.object, e.record_id,
      NULL, ${extra ? JSON.stringify(extra) : null}::jsonb
    FROM ${sql.id(source)} AS e`;
}

const REDACTED = "[redacted]";

function redactChanges(changes: unknown): unknown {
  if (!changes || typeof changes !== "object") return changes;
  return Object.fromEntries(
    Object.entries(changes as Record<string, unknown>).map(([field, change]) => [
      field,
      isFromTo(change) ? { from: REDACTED, to: REDACTED } : REDACTED,
    ]),
  );
}

/**
 * The one sanctioned change to the audit log (docs/audit.md): erasing a person's personal data under PIPL
 * replaces the values in that record's history, keeps who-did-what-when, and is itself audited.
 */
export async function redactRecordHistory(
  trx: Trx,
  schemas: Schemas,
  target: { object: string; recordId: string },
  actor: { actorId: string | null; ip: string | null; reason: string },
  now: Date,
): Promise<number> {
  const rows = await trx
    .selectFrom("audit_log")
    .select(["id", "changes"])
    .where("object", "=", target.object)
    .where("record_id", "=", target.recordId)
    .execute();
  await sql`SELECT set_config('keduo.audit_redaction', 'on', true)`.execute(trx);
  for (const row of rows) {
    await sql`UPDATE ${sql.id(schemas.system, "audit_log")} SET changes = ${JSON.stringify(redactChanges(row.changes))}::jsonb
      WHERE id = ${row.id}`.execute(trx);
  }
  await sql`SELECT set_config('keduo.audit_redaction', 'off', true)`.execute(trx);
  await appendAudit(
    trx,
    [
      {
        action: "audit.redact",
        actorId: actor.actorId,
        ip: actor.ip,
        object: target.object,
        recordId: target.recordId,
        details: { reason: actor.reason, rows: rows.length },
      },
    ],
    now,
  );
  return rows.length;
}

/**
 * `insertAudit` for a write's many rows, as one JSON document read by `jsonb_to_recordset` (one bind
 * parameter; see `insertEventsBatch` for why not column arrays).
 */
export function insertAuditBatch(schemas: Schemas, entries: AuditEntry[], now: Date) {
  const document = JSON.stringify(
    entries.map((e) => ({
      actor_id: e.actorId,
      actor_ip: e.ip ?? null,
      via: e.via ?? null,
      action: e.action,
      object: e.object ?? null,
      record_id: e.recordId ?? null,
      changes: e.changes ?? null,
      details: e.details ?? null,
    })),
  );
  return sql`INSERT INTO ${sql.id(schemas.system, "audit_log")}
      (occurred_at, actor_id, actor_ip, via, action, object, record_id, changes, details)
    SELECT ${now}::timestamptz, actor_id, actor_ip, via, action, object, record_id, changes, details
    FROM jsonb_to_recordset(${document}::jsonb) AS a (actor_id uuid, actor_ip text, via text, action text,
      object text, record_id uuid, changes jsonb, details jsonb)`;
}
