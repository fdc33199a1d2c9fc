import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { installationSchemas, openDatabase } from "../../../apps/server/src/db/database.ts";

/** Bytes under `path` as the disk holds them (allocated blocks, like `du`), recursively. */
export function diskBytes(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.blocks * 512;
  let total = stat.blocks * 512;
  for (const entry of readdirSync(path)) total += diskBytes(join(path, entry));
  return total;
}

/** What the running server's data directory holds on disk now: all of it, and its write-ahead log. */
export function dataDirOnDisk(dataDir: string): { totalBytes: number; walBytes: number } {
  return { totalBytes: diskBytes(dataDir), walBytes: diskBytes(join(dataDir, "pg", "pg_wal")) };
}

export interface RelationBreakdown {
  /** The workspace's object tables with their indexes and TOAST. */
  objects: number;
  audit: number;
  outbox: number;
  /** pg-boss's schema. */
  jobs: number;
  /** Keduo's other system tables. */
  system: number;
  /** PostgreSQL's own catalogs. */
  catalog: number;
  /** Planner statistics of the object table: rows it believes there are (-1: never analyzed or vacuumed). */
  reltuples: number;
  /** Average stored size of one row (`pg_column_size`), without indexes: a record, and its create's audit row. */
  rowBytes: { record: number; auditOfCreate: number };
}

/**
 * Relation sizes by kind, read by opening the (stopped) server's data directory, as the server would: the
 * server holds the embedded database exclusively while it runs.
 */
export async function relationBreakdown(dataDir: string, objectTable: string): Promise<RelationBreakdown> {
  const database = await openDatabase({ engine: "pglite", dataDir });
  try {
    const { schemas } = database;
    const [system = schemas.system, workspace = schemas.workspace, jobs = ""] = installationSchemas(schemas);
    const rows = await sql<{ kind: string; bytes: number }>`
      SELECT CASE
          WHEN n.nspname = ${workspace} THEN 'objects'
          WHEN n.nspname = ${system} AND c.relname = 'audit_log' THEN 'audit'
          WHEN n.nspname = ${system} AND c.relname = 'outbox' THEN 'outbox'
          WHEN n.nspname = ${jobs} THEN 'jobs'
          WHEN n.nspname = ${system} THEN 'system'
          ELSE 'catalog' END AS kind,
        sum(pg_total_relation_size(c.oid))::bigint AS bytes
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm')
      GROUP BY 1`.execute(database.db);
    const of = (kind: string) => rows.rows.find((r) => r.kind === kind)?.bytes ?? 0;
    const tuples = await sql<{ reltuples: number }>`SELECT c.reltuples::float8 AS reltuples
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${workspace} AND c.relname = ${objectTable}`.execute(database.db);
    const rowBytes = await sql<{ record: number; audit: number }>`SELECT
        (SELECT avg(pg_column_size(t.*)) FROM ${sql.id(workspace, objectTable)} AS t)::float8 AS record,
        (SELECT avg(pg_column_size(a.*)) FROM ${sql.id(system, "audit_log")} AS a
          WHERE a.action = 'record.create' AND a.object = ${objectTable})::float8 AS audit`.execute(
      database.db,
    );
    return {
      rowBytes: { record: rowBytes.rows[0]?.record ?? 0, auditOfCreate: rowBytes.rows[0]?.audit ?? 0 },
      objects: of("objects"),
      audit: of("audit"),
      outbox: of("outbox"),
      jobs: of("jobs"),
      system: of("system"),
      catalog: of("catalog"),
      reltuples: tuples.rows[0]?.reltuples ?? Number.NaN,
    };
  } finally {
    await database.close();
  }
}
