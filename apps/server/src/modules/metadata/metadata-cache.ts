import type { MetadataSnapshot } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";
import { loadSnapshot } from "./load-snapshot.ts";

/**
 * Record writers hold this lock shared and metadata changes hold it exclusively, so a write never
 * runs against metadata that another instance is changing underneath it.
 */
export const METADATA_LOCK_KEY = 4_242_002;

/**
 * Each app instance keeps the resolved metadata in memory and compares its version with the database
 * before use: one indexed single-row read, so several instances never act on stale metadata.
 */
export class MetadataCache {
  private snapshot: MetadataSnapshot | null = null;
  private loading: Promise<MetadataSnapshot> | null = null;
  private readonly schemas: Schemas;

  constructor(schemas: Schemas) {
    this.schemas = schemas;
  }

  /** For reads: the current snapshot, reloaded if another instance changed metadata. */
  async current(db: Db): Promise<MetadataSnapshot> {
    const row = await db
      .selectFrom("meta_version")
      .select("version")
      .where("id", "=", 1)
      .executeTakeFirstOrThrow();
    return this.ensure(db, Number(row.version));
  }

  /** The snapshot of a version the caller already read (reloaded only when it moved). */
  atVersion(db: Db, version: number): Promise<MetadataSnapshot> {
    return this.ensure(db, version);
  }

  /**
   * For writes: takes the shared metadata lock in `trx`, then returns the snapshot valid for this transaction.
   * The statement has no bind parameters (the key is a constant), so it travels with the transaction's
   * `begin` in one round trip (db/deferred-begin.ts).
   */
  async forWrite(trx: Trx): Promise<MetadataSnapshot> {
    const { rows } = await sql<{ version: string }>`
      SELECT pg_advisory_xact_lock_shared(${sql.lit(METADATA_LOCK_KEY)}), (SELECT version FROM ${sql.id(this.schemas.system, "meta_version")}) AS version`.execute(
      trx,
    );
    return this.ensure(trx, Number(rows[0]?.version));
  }

  /**
   * The cached snapshot without a version read, for callers that re-check under the metadata lock anyway
   * (record writes rebuild their access context in the transaction when the version moved).
   */
  async latestKnown(db: Db): Promise<MetadataSnapshot> {
    return this.snapshot ?? this.current(db);
  }

  invalidate(): void {
    this.snapshot = null;
  }

  private async ensure(executor: Db | Trx, version: number): Promise<MetadataSnapshot> {
    if (this.snapshot && this.snapshot.version === version) return this.snapshot;
    // A transaction must read through itself (PGlite has one connection); only pool reads are shared.
    if (executor.isTransaction) {
      const snapshot = await loadSnapshot(executor);
      if (snapshot.version === version) this.snapshot = snapshot;
      return snapshot;
    }
    this.loading ??= loadSnapshot(executor).finally(() => {
      this.loading = null;
    });
    const snapshot = await this.loading;
    if (!this.snapshot || snapshot.version >= this.snapshot.version) this.snapshot = snapshot;
    return snapshot;
  }
}
