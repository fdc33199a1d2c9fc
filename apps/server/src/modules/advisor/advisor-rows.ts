import type {
  AdvisorIndex,
  AdvisorSettings,
  AdvisorShape,
  IndexReason,
  IndexStatus,
  PlanEstimate,
} from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas } from "../../db/database.ts";
import { p95, type ShapeTally } from "./shape-stats.ts";

const t = (schemas: Schemas, name: string) => sql.id(schemas.system, name);

/** A stored shape statistic: what the admin API sends, its instants as the database gives them. */
export type ShapeRow = Omit<AdvisorShape, "first_seen" | "last_seen"> & { first_seen: Date; last_seen: Date };

export type { IndexReason, IndexStatus };

/** A stored index row: the API's index without what the catalogue and the audit log add to it. */
export type IndexRow = Omit<
  AdvisorIndex,
  "created_at" | "built_at" | "bytes" | "scans" | "unused" | "built_by"
> & { created_at: Date; built_at: Date | null; dropped_at: Date | null };

/** Adds one flush of tallies to the shapes' stored counts (one statement, however many shapes). */
export async function mergeTallies(db: Db, schemas: Schemas, tallies: readonly ShapeTally[]) {
  if (tallies.length === 0) return;
  const values = tallies.map(
    (
      tally,
    ) => sql`(${tally.key}, ${tally.shape.object}, ${JSON.stringify(tally.shape)}::jsonb, ${tally.calls},
      ${tally.slowCalls}, ${tally.totalMs}, ${tally.maxMs}, ${p95(tally.recent)}, ${tally.firstSeen}::timestamptz,
      ${tally.lastSeen}::timestamptz)`,
  );
  await sql`INSERT INTO ${t(schemas, "advisor_shapes")} AS s
      (key, object, shape, calls, slow_calls, total_ms, max_ms, recent_p95_ms, first_seen, last_seen)
    VALUES ${sql.join(values)}
    ON CONFLICT (key) DO UPDATE SET calls = s.calls + excluded.calls, slow_calls = s.slow_calls + excluded.slow_calls,
      total_ms = s.total_ms + excluded.total_ms, max_ms = greatest(s.max_ms, excluded.max_ms),
      recent_p95_ms = excluded.recent_p95_ms, last_seen = greatest(s.last_seen, excluded.last_seen)`.execute(
    db,
  );
}

export async function storeEstimate(db: Db, schemas: Schemas, key: string, estimate: PlanEstimate) {
  await sql`UPDATE ${t(schemas, "advisor_shapes")} SET estimate = ${JSON.stringify(estimate)}::jsonb
    WHERE key = ${key}`.execute(db);
}

export async function shapesWithoutEstimate(db: Db, schemas: Schemas, keys: readonly string[]) {
  if (keys.length === 0) return new Set<string>();
  const { rows } = await sql<{ key: string }>`SELECT key FROM ${t(schemas, "advisor_shapes")}
    WHERE key = ANY(${keys}::text[]) AND estimate IS NULL`.execute(db);
  return new Set(rows.map((row) => row.key));
}

/** Shapes that were slow often enough to deserve an index. */
export async function slowShapes(db: Db, schemas: Schemas, limits: { slowMs: number; minSlowCalls: number }) {
  const { rows } = await sql<ShapeRow>`SELECT * FROM ${t(schemas, "advisor_shapes")}
    WHERE slow_calls >= ${limits.minSlowCalls} AND recent_p95_ms >= ${limits.slowMs}
    ORDER BY total_ms DESC LIMIT 100`.execute(db);
  return rows.map(numbersOf);
}

/** The busiest shapes, for the admin page. */
export async function busiestShapes(db: Db, schemas: Schemas, limit: number) {
  const { rows } = await sql<ShapeRow>`SELECT * FROM ${t(schemas, "advisor_shapes")}
    ORDER BY total_ms DESC LIMIT ${limit}`.execute(db);
  return rows.map(numbersOf);
}

export async function shapeByKey(db: Db, schemas: Schemas, key: string): Promise<ShapeRow | null> {
  const { rows } =
    await sql<ShapeRow>`SELECT * FROM ${t(schemas, "advisor_shapes")} WHERE key = ${key}`.execute(db);
  return rows[0] ? numbersOf(rows[0]) : null;
}

function numbersOf(row: ShapeRow): ShapeRow {
  return {
    ...row,
    calls: Number(row.calls),
    slow_calls: Number(row.slow_calls),
    total_ms: Number(row.total_ms),
    max_ms: Number(row.max_ms),
    recent_p95_ms: Number(row.recent_p95_ms),
  };
}

export async function indexRows(db: Db, schemas: Schemas, statuses?: readonly IndexStatus[]) {
  const { rows } = await sql<IndexRow>`SELECT * FROM ${t(schemas, "advisor_indexes")}
    ${statuses ? sql`WHERE status = ANY(${statuses}::text[])` : sql``}
    ORDER BY created_at DESC`.execute(db);
  return rows;
}

/**
 * Who built each of these indexes by hand, newest build first: the audit log's `index.build` rows, which name
 * the admin (the index row keeps only whether the advisor built it). Object-level audit rows have no record,
 * so `record_id IS NULL` keeps the read on the (object, record_id) index, clear of the records' own rows.
 */
export async function buildersOf(
  db: Db,
  schemas: Schemas,
  indexes: ReadonlyArray<Pick<IndexRow, "object" | "index_name">>,
): Promise<Map<string, { id: string; name: string }>> {
  if (indexes.length === 0) return new Map();
  const objects = [...new Set(indexes.map((index) => index.object))];
  const names = indexes.map((index) => index.index_name);
  const { rows } = await sql<{ index_name: string; id: string; name: string }>`
    SELECT DISTINCT ON (a.details->>'index') a.details->>'index' AS index_name, u.id, u.name
    FROM ${t(schemas, "audit_log")} a JOIN ${t(schemas, "users")} u ON u.id = a.actor_id
    WHERE a.object = ANY(${objects}::text[]) AND a.record_id IS NULL AND a.action = 'index.build'
      AND a.details->>'index' = ANY(${names}::text[])
    ORDER BY a.details->>'index', a.id DESC`.execute(db);
  return new Map(rows.map((row) => [row.index_name, { id: row.id, name: row.name }]));
}

export async function indexRow(db: Db, schemas: Schemas, id: string): Promise<IndexRow | null> {
  const { rows } =
    await sql<IndexRow>`SELECT * FROM ${t(schemas, "advisor_indexes")} WHERE id = ${id}`.execute(db);
  return rows[0] ?? null;
}

export async function indexRowByName(db: Db, schemas: Schemas, name: string): Promise<IndexRow | null> {
  const { rows } = await sql<IndexRow>`SELECT * FROM ${t(schemas, "advisor_indexes")}
    WHERE index_name = ${name}`.execute(db);
  return rows[0] ?? null;
}

export async function insertProposal(
  db: Db,
  schemas: Schemas,
  row: Pick<IndexRow, "id" | "object" | "index_name" | "definition" | "shape_key" | "reason" | "created_at">,
) {
  await sql`INSERT INTO ${t(schemas, "advisor_indexes")}
      (id, object, index_name, definition, shape_key, status, reason, created_at)
    VALUES (${row.id}, ${row.object}, ${row.index_name}, ${JSON.stringify(row.definition)}::jsonb, ${row.shape_key},
      'proposed', ${JSON.stringify(row.reason)}::jsonb, ${row.created_at})
    ON CONFLICT (index_name) DO NOTHING`.execute(db);
}

export async function updateIndexRow(
  db: Db,
  schemas: Schemas,
  id: string,
  change: Partial<Pick<IndexRow, "status" | "automatic" | "reason" | "error" | "built_at" | "dropped_at">>,
) {
  await sql`UPDATE ${t(schemas, "advisor_indexes")} SET
      status = coalesce(${change.status ?? null}, status),
      automatic = coalesce(${change.automatic ?? null}, automatic),
      reason = coalesce(${change.reason ? JSON.stringify(change.reason) : null}::jsonb, reason),
      error = ${change.error === undefined ? sql`error` : sql`${change.error}`},
      built_at = ${change.built_at === undefined ? sql`built_at` : sql`${change.built_at}::timestamptz`},
      dropped_at = ${change.dropped_at === undefined ? sql`dropped_at` : sql`${change.dropped_at}::timestamptz`}
    WHERE id = ${id}`.execute(db);
}

export type { AdvisorSettings };

export const DEFAULT_SETTINGS: AdvisorSettings = {
  auto_build: true,
  max_indexes_per_object: 5,
  max_size_ratio: 1,
};

export async function readSettings(db: Db, schemas: Schemas): Promise<AdvisorSettings> {
  const { rows } = await sql<{ value: Partial<AdvisorSettings> }>`SELECT value FROM ${t(schemas, "settings")}
    WHERE key = 'index_advisor'`.execute(db);
  return { ...DEFAULT_SETTINGS, ...(rows[0]?.value ?? {}) };
}

export async function writeSettings(db: Db, schemas: Schemas, settings: AdvisorSettings) {
  await sql`INSERT INTO ${t(schemas, "settings")} (key, value) VALUES ('index_advisor', ${JSON.stringify(settings)}::jsonb)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(db);
}
