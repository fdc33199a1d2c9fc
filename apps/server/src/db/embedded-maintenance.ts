import { sql } from "kysely";
import { type Database, installationSchemas } from "./database.ts";

/**
 * PGlite runs PostgreSQL in single-user mode: no autovacuum and no checkpointer. Without this, a table filled
 * by an import is never analyzed (the planner guesses from an empty table), deleted rows (pruned events,
 * finished jobs) are never reclaimed, and the write-ahead log grows until the next restart (ADR 0036).
 *
 * The tracker is PostgreSQL's own: the statistics counters (`pg_stat_user_tables`) count rows changed since
 * the last analyze and vacuum for every write path (imports, bulk creates, the demo, migrations), so Keduo
 * keeps no counter of its own. A round reads them once and does what autovacuum would, with its default
 * thresholds, then checkpoints once the log since the last checkpoint passed `checkpointAfterBytes`.
 */
export interface MaintenanceRound {
  /** Rows the chores deleted (delivered events). */
  pruned: number;
  analyzed: string[];
  vacuumed: string[];
  /** Vacuumed tables left empty whose indexes were rebuilt to nothing. */
  reindexed: string[];
  checkpointed: boolean;
  /** Write-ahead log since the last checkpoint when the round began, bytes. */
  walBytes: number;
}

/** A round that did nothing (what PostgreSQL's `runOnce` reports). */
export const emptyRound = (): MaintenanceRound => ({
  pruned: 0,
  analyzed: [],
  vacuumed: [],
  reindexed: [],
  checkpointed: false,
  walBytes: 0,
});

export interface MaintenanceSettings {
  /** Between rounds; a round that found work is followed by the next after the same wait. */
  everyMs: number;
  checkpointAfterBytes: number;
  /**
   * A round that found nothing else to do checkpoints past this much log since the last checkpoint, or in
   * the current segment file (switching to a new one first): otherwise the log stays on disk as far as the
   * last busy round left it (after a 100,000-row import, 4–14 MiB by where it fell in a segment).
   */
  idleCheckpointAfterBytes?: number;
}

/**
 * Deletes what nobody needs any more (each returns the rows it deleted). They run first in a round, so the
 * same round's vacuum reclaims their rows; on PostgreSQL the hourly jobs do the same work.
 */
export type MaintenanceChore = () => Promise<number>;

export const EMBEDDED_MAINTENANCE: MaintenanceSettings = {
  everyMs: 10_000,
  checkpointAfterBytes: 16 * 2 ** 20,
  idleCheckpointAfterBytes: 2 ** 20,
};

// PostgreSQL's autovacuum defaults: analyze after 50 + 10 % of the rows changed; vacuum after 50 + 20 % died
// or 1,000 + 20 % were inserted (the insert rule sets the visibility map index-only scans rely on).
const ANALYZE = { base: 50, scale: 0.1 };
const VACUUM = { base: 50, scale: 0.2 };
const VACUUM_INSERTS = { base: 1000, scale: 0.2 };

interface TableStats {
  schema: string;
  name: string;
  rows: number;
  modified: number;
  dead: number;
  inserted: number;
  /** The table's TOAST: its large values' rows, and how many of them died. */
  toastRows: number;
  toastDead: number;
}

/**
 * VACUUM truncates an emptied table but only marks its index pages free: the outbox after a 100,000-row
 * import's events were pruned kept 4.6 MiB of empty indexes. An empty table's indexes rebuild at once.
 */
const REINDEX_EMPTY_ABOVE_BYTES = 1024 * 1024;

const over = (count: number, rows: number, rule: { base: number; scale: number }) =>
  count > rule.base + rule.scale * Math.max(rows, 0);

/** One round: analyze and vacuum the tables that need it, then checkpoint if the log grew enough. */
export async function runMaintenanceRound(
  database: Database,
  settings: Pick<MaintenanceSettings, "checkpointAfterBytes" | "idleCheckpointAfterBytes">,
  chores: readonly MaintenanceChore[] = [],
): Promise<MaintenanceRound> {
  const { db } = database;
  let pruned = 0;
  for (const chore of chores) pruned += await chore();
  // The one session's pending counters are flushed at its next idle moment, throttled to once a second.
  await sql`SELECT pg_stat_force_next_flush()`.execute(db);
  const stats = await sql<TableStats>`
    SELECT s.schemaname AS schema, s.relname AS name, c.reltuples::float8 AS rows,
      s.n_mod_since_analyze::float8 AS modified, s.n_dead_tup::float8 AS dead,
      s.n_ins_since_vacuum::float8 AS inserted,
      coalesce(tc.reltuples, 0)::float8 AS "toastRows", coalesce(ts.n_dead_tup, 0)::float8 AS "toastDead"
    FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
      LEFT JOIN pg_stat_all_tables ts ON ts.relid = c.reltoastrelid
    WHERE s.schemaname = ANY(${installationSchemas(database.schemas)})`.execute(db);
  const round: MaintenanceRound = { ...emptyRound(), pruned };
  for (const table of stats.rows) {
    const analyze = over(table.modified, table.rows, ANALYZE);
    // The TOAST table counts on its own, as autovacuum's does: 17 deleted rows of an import's stored file
    // leave its 1 MiB chunks' thousands of TOAST rows dead, under the main table's threshold.
    const vacuum =
      over(table.dead, table.rows, VACUUM) ||
      over(table.inserted, table.rows, VACUUM_INSERTS) ||
      over(table.toastDead, table.toastRows, VACUUM);
    const target = sql.id(table.schema, table.name);
    const label = `${table.schema}.${table.name}`;
    if (vacuum) {
      await (analyze ? sql`VACUUM (ANALYZE) ${target}` : sql`VACUUM ${target}`).execute(db);
      round.vacuumed.push(label);
      if (await emptyWithIndexes(database, table)) {
        await sql`REINDEX TABLE ${target}`.execute(db);
        round.reindexed.push(label);
      }
    } else if (analyze) {
      await sql`ANALYZE ${target}`.execute(db);
    }
    if (analyze) round.analyzed.push(label);
  }
  // `segment`: how far the current segment file is written (it is sparse until then, ADR 0036's settings).
  const wal = await sql<{ bytes: number; segment: number }>`
    SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), (pg_control_checkpoint()).redo_lsn)::float8 AS bytes,
      (pg_walfile_name_offset(pg_current_wal_lsn())).file_offset::float8 AS segment`.execute(db);
  round.walBytes = wal.rows[0]?.bytes ?? 0;
  const segment = wal.rows[0]?.segment ?? 0;
  const idle = round.pruned === 0 && round.analyzed.length === 0 && round.vacuumed.length === 0;
  const idleLimit = idle ? settings.idleCheckpointAfterBytes : undefined;
  if (idleLimit !== undefined && (round.walBytes > idleLimit || segment > idleLimit)) {
    // Writes stopped: a checkpoint removes the segments before it, and a switch first lets it remove the
    // current one too, which otherwise stays on disk as far as it was written (up to 16 MiB).
    if (segment > idleLimit) await sql`SELECT pg_switch_wal()`.execute(db);
    await sql`CHECKPOINT`.execute(db);
    round.checkpointed = true;
  } else if (round.walBytes > settings.checkpointAfterBytes) {
    await sql`CHECKPOINT`.execute(db);
    round.checkpointed = true;
  }
  return round;
}

/** Whether a just vacuumed table holds no row while its indexes hold more than the threshold. */
async function emptyWithIndexes(database: Database, table: TableStats): Promise<boolean> {
  const { rows } = await sql<{ empty: boolean; bytes: number }>`
    SELECT NOT EXISTS (SELECT 1 FROM ${sql.id(table.schema, table.name)}) AS empty,
      pg_indexes_size(format('%I.%I', ${table.schema}::text, ${table.name}::text)::regclass)::float8 AS bytes`.execute(
    database.db,
  );
  return Boolean(rows[0]?.empty) && (rows[0]?.bytes ?? 0) > REINDEX_EMPTY_ABOVE_BYTES;
}

export interface EmbeddedMaintenance {
  start(): void;
  /** Runs a round now (after the one in progress); what tests and benchmarks call. */
  runOnce(): Promise<MaintenanceRound>;
  stop(): Promise<void>;
}

/**
 * Rounds every `everyMs` on the embedded engine; on PostgreSQL nothing (autovacuum and the checkpointer do
 * it there), and `runOnce` reports an empty round.
 */
export function createEmbeddedMaintenance(
  database: Database,
  log: (message: string, error?: unknown) => void,
  chores: readonly MaintenanceChore[] = [],
  settings: MaintenanceSettings = EMBEDDED_MAINTENANCE,
): EmbeddedMaintenance {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let running: Promise<MaintenanceRound> = Promise.resolve(emptyRound());
  const round = () => {
    running = running.catch(() => undefined).then(() => runMaintenanceRound(database, settings, chores));
    return running;
  };
  const tick = () => {
    timer = null;
    round()
      .catch((error: unknown) => log("embedded database maintenance failed", error))
      .finally(() => {
        if (!stopped) schedule();
      });
  };
  const schedule = () => {
    timer = setTimeout(tick, settings.everyMs);
    timer.unref();
  };
  const embedded = database.engine === "pglite";
  return {
    start() {
      if (embedded && !stopped && !timer) schedule();
    },
    runOnce() {
      return embedded ? round() : running;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}
