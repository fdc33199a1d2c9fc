/*
 * The index advisor (ADR 0034): the shapes of reads it learns, the indexes it proposes and builds, and its
 * settings — as the server stores them and GET /api/admin/index-advisor sends them to the admin page.
 */

/** What a list or aggregate read filters, sorts and groups on, whatever the values it compares with. */
export interface ReadShape {
  object: string;
  kind: "list" | "aggregate";
  /** Columns compared with `=` / `IN` / `IS NULL`, sorted (their order in an index does not matter). */
  equality: string[];
  /** Columns with a range (`>`, `BETWEEN`, a relative period), in the order the filter names them. */
  range: string[];
  sort: Array<{ column: string; direction: "asc" | "desc" }>;
  idDirection: "asc" | "desc";
  groupBy: string[];
  measures: string[];
  /** The reader's row predicate applied: `owner_id = ANY(…)` leads the read. */
  scoped: boolean;
}

export interface IndexKey {
  column: string;
  direction: "asc" | "desc";
}

/**
 * An index the advisor proposes: btree keys (the first `equalityKeys` of them are compared with `=`, so their
 * order is free), columns carried for index-only aggregates, and always `WHERE deleted_at IS NULL` — every
 * read of live records says so, and the recycle bin stays out of the index.
 */
export interface IndexDefinition {
  object: string;
  keys: IndexKey[];
  equalityKeys: number;
  include: string[];
}

/** The planner's figures for one read (EXPLAIN, not run). */
export interface PlanEstimate {
  cost: number;
  /** Rows the plan's scans read (a sequential scan reads the whole table). */
  rowsRead: number;
  /** Rows the filter lets through, before any LIMIT. */
  rowsMatched: number;
  /** Node types of the scans, e.g. `Seq Scan`, `Index Scan`. */
  scans: string[];
}

export type IndexStatus = "proposed" | "building" | "built" | "failed" | "dropped" | "dismissed";

/** Why the advisor proposed an index: what it saw of the shape and what the planner expected. */
export interface IndexReason {
  shape: string;
  calls: number;
  slow_calls: number;
  p95_ms: number;
  /** The planner's figures for the slowest read of the shape before the index, and after it was built. */
  before: PlanEstimate | null;
  after?: PlanEstimate | null;
  /** The shape's p95 measured since the index was built. */
  p95_after_ms?: number | null;
}

export interface AdvisorSettings {
  /** Build proposals by itself (within the caps) rather than wait for an admin. */
  auto_build: boolean;
  /** Indexes the advisor builds by itself per object. */
  max_indexes_per_object: number;
  /** Bytes of the advisor's indexes per object, as a share of the table's own bytes. */
  max_size_ratio: number;
}

/** An index of the advisor's as the admin API sends it: its row, with size and scans from the catalogue. */
export interface AdvisorIndex {
  id: string;
  object: string;
  index_name: string;
  definition: IndexDefinition;
  shape_key: string | null;
  status: IndexStatus;
  automatic: boolean;
  reason: IndexReason;
  error: string | null;
  created_at: string;
  built_at: string | null;
  /** Null while the index does not exist (proposed, failed). */
  bytes: number | null;
  scans: number | null;
  /** Built, old enough, and no read used it. */
  unused: boolean;
  /** The administrator who built it (from the audit log); null when the advisor did, or not built. */
  built_by: { id: string; name: string } | null;
}

/** A read shape's statistic, all instances together. */
export interface AdvisorShape {
  key: string;
  object: string;
  shape: ReadShape;
  calls: number;
  slow_calls: number;
  total_ms: number;
  max_ms: number;
  recent_p95_ms: number;
  estimate: PlanEstimate | null;
  first_seen: string;
  last_seen: string;
}

/** GET /api/admin/index-advisor (and POST …/run). */
export interface AdvisorOverview {
  settings: AdvisorSettings;
  tuning: { slow_ms: number; min_slow_calls: number };
  indexes: AdvisorIndex[];
  shapes: AdvisorShape[];
}
