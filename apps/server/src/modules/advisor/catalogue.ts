import type { PlanEstimate } from "@keduo/core";
import { CompiledQuery, type RawBuilder, sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { objectTable } from "../schema-sync/index.ts";
import type { ExistingIndex, IndexDefinition } from "./index-candidate.ts";

type Sql = RawBuilder<unknown>;

/** What the catalogue says of one index of an object table: its keys, size and use since statistics began. */
export interface CatalogueIndex extends ExistingIndex {
  unique: boolean;
  primary: boolean;
  bytes: number;
  scans: number;
}

/** Every index of the object's table, with size and scans, in one statement. */
export async function indexesOf(database: Database, object: string): Promise<CatalogueIndex[]> {
  const { rows } = await sql<{
    name: string;
    method: string;
    valid: boolean;
    unique: boolean;
    primary: boolean;
    columns: Array<string | null>;
    options: string;
    bytes: string;
    scans: string | null;
  }>`
    SELECT i.relname AS name, am.amname AS method, ix.indisvalid AS valid, ix.indisunique AS unique,
      ix.indisprimary AS primary,
      ARRAY(SELECT a.attname::text FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
        LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum AND k.attnum > 0
        WHERE k.n <= ix.indnkeyatts ORDER BY k.n) AS columns,
      ix.indoption::text AS options, pg_relation_size(i.oid) AS bytes, s.idx_scan AS scans
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_am am ON am.oid = i.relam
    LEFT JOIN pg_stat_user_indexes s ON s.indexrelid = ix.indexrelid
    WHERE n.nspname = ${database.schemas.workspace} AND t.relname = ${object}`.execute(database.db);
  return rows.map((row) => {
    // indoption: one small integer per key, bit 0 = DESC.
    const options = row.options.split(" ").map(Number);
    return {
      name: row.name,
      method: row.method,
      valid: row.valid,
      unique: row.unique,
      primary: row.primary,
      keys: row.columns.map((column, i) => ({
        column,
        direction: ((options[i] ?? 0) & 1) === 1 ? ("desc" as const) : ("asc" as const),
      })),
      bytes: Number(row.bytes),
      scans: Number(row.scans ?? 0),
    };
  });
}

/**
 * The object table's heap bytes and the planner's row count. A table never analyzed (PGlite has no autovacuum;
 * a new table on PostgreSQL until autovacuum comes by) is analyzed first: its EXPLAIN would otherwise say
 * "1 row" of a table of thousands, and the advisor's figures would mean nothing.
 */
export async function tableStats(
  database: Database,
  object: string,
): Promise<{ bytes: number; rows: number }> {
  const read = async () => {
    const { rows } = await sql<{ bytes: string; rows: number }>`
      SELECT pg_relation_size(c.oid) AS bytes, c.reltuples AS rows
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${database.schemas.workspace} AND c.relname = ${object} AND c.relkind = 'r'`.execute(
      database.db,
    );
    return { bytes: Number(rows[0]?.bytes ?? 0), rows: Number(rows[0]?.rows ?? 0) };
  };
  let stats = await read();
  if (stats.rows < 0) {
    await sql`ANALYZE ${objectTable(database.schemas, object)}`.execute(database.db);
    stats = await read();
  }
  return { bytes: stats.bytes, rows: Math.max(0, stats.rows) };
}

/** The CREATE INDEX of a definition; CONCURRENTLY on PostgreSQL, where it must not block writes. */
export function createIndexSql(database: Database, name: string, definition: IndexDefinition): Sql {
  const table = objectTable(database.schemas, definition.object);
  const keys = definition.keys.map(
    (key) => sql`${sql.id(key.column)} ${sql.raw(key.direction === "desc" ? "DESC" : "ASC")}`,
  );
  const include = definition.include.length
    ? sql` INCLUDE (${sql.join(definition.include.map((column) => sql.id(column)))})`
    : sql``;
  const concurrently = sql.raw(database.engine === "postgres" ? "CONCURRENTLY " : "");
  return sql`CREATE INDEX ${concurrently}IF NOT EXISTS ${sql.id(name)} ON ${table} (${sql.join(keys)})${include}
    WHERE deleted_at IS NULL`;
}

export function dropIndexSql(database: Database, name: string): Sql {
  const concurrently = sql.raw(database.engine === "postgres" ? "CONCURRENTLY " : "");
  return sql`DROP INDEX ${concurrently}IF EXISTS ${sql.id(database.schemas.workspace, name)}`;
}

export type { PlanEstimate };

interface PlanNode {
  "Node Type": string;
  "Total Cost": number;
  "Plan Rows": number;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

/** EXPLAIN (never ANALYZE) of a compiled read: its own SQL text with its bind parameters, so nothing is spliced. */
export async function explain(
  database: Database,
  statement: CompiledQuery,
  tableRows: number,
): Promise<PlanEstimate> {
  const { rows } = await database.db.executeQuery<{ "QUERY PLAN": unknown }>(
    CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${statement.sql}`, [...statement.parameters]),
  );
  const raw = rows[0]?.["QUERY PLAN"];
  const parsed = (typeof raw === "string" ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  const root = parsed[0]!.Plan;
  const scans: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    if (node["Relation Name"]) scans.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root);
  const sequential = scans.some((node) => node["Node Type"] === "Seq Scan");
  const matched = scans.reduce((sum, node) => sum + node["Plan Rows"], 0);
  return {
    cost: root["Total Cost"],
    rowsRead: sequential ? Math.max(tableRows, matched) : matched,
    rowsMatched: matched,
    scans: [...new Set(scans.map((node) => node["Node Type"]))],
  };
}
