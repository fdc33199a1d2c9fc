import type { Clock } from "@keduo/core";
import { sql } from "kysely";
import type { Database, Db } from "../../db/database.ts";
import { appendAudit } from "../audit/index.ts";
import { type AdvisorSettings, type IndexRow, indexRows, updateIndexRow } from "./advisor-rows.ts";
import { createIndexSql, dropIndexSql, explain, indexesOf, tableStats } from "./catalogue.ts";
import type { ShapeStats } from "./shape-stats.ts";

/** Who asked: an admin (audited under their id) or the advisor itself (audited as the system). */
export type IndexActor = { kind: "admin"; userId: string } | { kind: "advisor" };

const actorId = (actor: IndexActor) => (actor.kind === "admin" ? actor.userId : null);

/**
 * Builds and drops the advisor's indexes. On PostgreSQL both run CONCURRENTLY, outside any transaction, so
 * writes to the table go on during the build; a failed concurrent build leaves an invalid index, which is
 * dropped again. On PGlite (one connection, every request waits anyway) the build is a plain one, which the
 * advisor starts only at a quiet moment (ADR 0034). Every build and drop is audited.
 */
export class IndexBuilder {
  private readonly deps: { database: Database; clock: Clock; stats: ShapeStats };

  constructor(deps: IndexBuilder["deps"]) {
    this.deps = deps;
  }

  private get db(): Db {
    return this.deps.database.db;
  }

  /** Whether the caps let the advisor build one more index on `object` by itself. */
  async withinCaps(object: string, settings: AdvisorSettings): Promise<boolean> {
    const { database } = this.deps;
    const built = (await indexRows(this.db, database.schemas, ["built", "building"])).filter(
      (row) => row.object === object && row.automatic,
    );
    if (built.length >= settings.max_indexes_per_object) return false;
    const names = new Set(built.map((row) => row.index_name));
    const sizes = (await indexesOf(database, object)).filter((index) => names.has(index.name));
    const used = sizes.reduce((sum, index) => sum + index.bytes, 0);
    const table = await tableStats(database, object);
    return used <= table.bytes * settings.max_size_ratio;
  }

  async build(row: IndexRow, actor: IndexActor): Promise<IndexRow> {
    const { database, clock } = this.deps;
    const automatic = actor.kind === "advisor";
    await updateIndexRow(this.db, database.schemas, row.id, { status: "building", automatic, error: null });
    let status: IndexRow["status"] = "built";
    let error: string | null = null;
    try {
      await this.createIndex(row);
    } catch (cause) {
      status = "failed";
      error = cause instanceof Error ? cause.message : String(cause);
      // A failed CONCURRENTLY build leaves an INVALID index behind that every write still maintains.
      await dropIndexSql(database, row.index_name)
        .execute(this.db)
        .catch(() => {});
    }
    const now = clock.now();
    const reason = { ...row.reason, after: status === "built" ? await this.estimateAfter(row) : null };
    await updateIndexRow(this.db, database.schemas, row.id, {
      status,
      error,
      reason,
      built_at: status === "built" ? now : null,
    });
    await appendAudit(
      this.db,
      [
        {
          action: status === "built" ? "index.build" : "index.build_failed",
          actorId: actorId(actor),
          via: automatic ? "index_advisor" : null,
          object: row.object,
          details: {
            index: row.index_name,
            definition: row.definition,
            automatic,
            ...(error ? { error } : {}),
          },
        },
      ],
      now,
    );
    return { ...row, status, error, reason, automatic, built_at: status === "built" ? now : null };
  }

  async drop(row: IndexRow, actor: IndexActor): Promise<void> {
    const { database, clock } = this.deps;
    await dropIndexSql(database, row.index_name).execute(this.db);
    const now = clock.now();
    await updateIndexRow(this.db, database.schemas, row.id, { status: "dropped", dropped_at: now });
    await appendAudit(
      this.db,
      [
        {
          action: "index.drop",
          actorId: actorId(actor),
          via: actor.kind === "advisor" ? "index_advisor" : null,
          object: row.object,
          details: { index: row.index_name, definition: row.definition },
        },
      ],
      now,
    );
  }

  /**
   * On PostgreSQL the build runs on one connection without parallel workers: a parallel build (two workers by
   * default) takes every core of a small server, and the writes it must not block then wait for CPU instead
   * of locks (ADR 0034). One core builds more slowly; the advisor's budget (a fast list within two minutes of
   * the slow requests) has room for that.
   */
  private async createIndex(row: IndexRow): Promise<void> {
    const { database } = this.deps;
    const statement = createIndexSql(database, row.index_name, row.definition);
    if (database.engine !== "postgres") {
      await statement.execute(this.db);
      return;
    }
    await this.db.connection().execute(async (connection) => {
      await sql`SET max_parallel_maintenance_workers = 0`.execute(connection);
      try {
        await statement.execute(connection);
      } finally {
        await sql`RESET max_parallel_maintenance_workers`.execute(connection);
      }
    });
  }

  /** The planner's figures for the shape's slowest read once the index exists (when this instance saw one). */
  private async estimateAfter(row: IndexRow) {
    const sample = row.shape_key ? this.deps.stats.sampleOf(row.shape_key) : null;
    if (!sample) return null;
    const table = await tableStats(this.deps.database, row.object);
    return explain(this.deps.database, sample, table.rows).catch(() => null);
  }
}
