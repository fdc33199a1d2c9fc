import type { Clock, MetadataSnapshot } from "@keduo/core";
import { sql } from "kysely";
import type { Database, Trx } from "../../db/database.ts";
import { appendAudit } from "../audit/index.ts";
import type { Statement } from "../schema-sync/index.ts";
import { setFieldFilling } from "./field-fills.ts";
import { loadSnapshot } from "./load-snapshot.ts";
import { METADATA_LOCK_KEY, type MetadataCache } from "./metadata-cache.ts";

export interface MetadataChange {
  trx: Trx;
  /** The definitions as of this transaction, read under the exclusive metadata lock. */
  snapshot: MetadataSnapshot;
  /** Runs DDL in the metadata transaction and records it in the schema-change log. */
  run(statements: Statement[]): Promise<void>;
  /**
   * Marks a field's derived column as being filled from its first row (`true`) or as filled (`false`); the
   * filling happens after the commit, outside the metadata lock (ADR 0019).
   */
  setFilling(fieldId: string, filling: boolean): Promise<void>;
  /** Runs `task` once this change has committed — never after a rollback or a dry run. */
  afterCommit(task: () => void): void;
}

class DryRunRollback extends Error {
  readonly result: unknown;
  constructor(result: unknown) {
    super("dry run");
    this.result = result;
  }
}

/**
 * One metadata change = one transaction: the exclusive metadata lock, the DDL, the definition rows, the
 * version bump and the schema-change log commit together or not at all (DDL is transactional in PostgreSQL).
 * A dry run does all of it, then rolls back, so it proves the change would apply.
 */
export async function changeMetadata<T>(
  deps: { database: Database; clock: Clock; cache: MetadataCache },
  options: { description: string; actorId: string | null; dryRun?: boolean },
  work: (change: MetadataChange) => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const executed: string[] = [];
  const committed: Array<() => void> = [];
  try {
    const result = await deps.database.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${METADATA_LOCK_KEY})`.execute(trx);
      const snapshot = await loadSnapshot(trx);
      const run = async (statements: Statement[]) => {
        for (const statement of statements) {
          await statement.execute(trx);
          executed.push(statement.compile(trx).sql);
        }
      };
      const value = await work({
        trx,
        snapshot,
        run,
        setFilling: (fieldId, filling) => setFieldFilling(trx, fieldId, filling),
        afterCommit: (task) => committed.push(task),
      });
      const version = snapshot.version + 1;
      await trx.updateTable("meta_version").set({ version }).where("id", "=", 1).execute();
      await trx
        .insertInto("schema_changes")
        .values({
          meta_version: version,
          description: options.description,
          statements: executed,
          applied_at: deps.clock.now(),
          applied_by: options.actorId,
        })
        .execute();
      await appendAudit(
        trx,
        [
          {
            action: "meta.change",
            actorId: options.actorId,
            details: { description: options.description, version, statements: executed },
          },
        ],
        deps.clock.now(),
      );
      if (options.dryRun) throw new DryRunRollback(value);
      return value;
    });
    for (const task of committed) task();
    return { result, statements: executed };
  } catch (error) {
    if (error instanceof DryRunRollback) return { result: error.result as T, statements: executed };
    throw error;
  } finally {
    deps.cache.invalidate();
  }
}
