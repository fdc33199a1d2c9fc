import { setTimeout as sleep } from "node:timers/promises";
import { CompiledQuery, sql } from "kysely";
import type { Database, Trx } from "./database.ts";
import {
  lockInstallation,
  RestoreRunningError,
  type RunSql,
  settleInterruptedRestore,
} from "./interrupted-restore.ts";
import { MIGRATIONS } from "./migrations/index.ts";
import type { Migration } from "./migrations/migration.ts";

/** How long a start waits for a restore that is still connected (a killed one's connections end in ms). */
const RESTORE_WAIT_MS = 30_000;

export interface MigrationResult {
  applied: Array<{ id: number; name: string }>;
  current: number;
  /**
   * What opening the database (`Database.recovered`) and settling an interrupted restore did after killed
   * processes (ADR 0016), one line each: the operator must hear which installation this is.
   */
  recovered: string[];
}

export function runSqlIn(trx: Trx): RunSql {
  return async (text, values = []) =>
    (await trx.executeQuery(CompiledQuery.raw(text, values))).rows as Array<Record<string, unknown>>;
}

/**
 * Applies pending system migrations in one transaction (all or none) under a cluster-wide advisory lock
 * (several app instances starting at once migrate one at a time). An interrupted restore is settled first,
 * in that transaction, so no start ever creates a fresh installation beside a half-restored one.
 */
export async function migrate(
  database: Database,
  now: () => Date,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  const deadline = Date.now() + RESTORE_WAIT_MS;
  for (;;) {
    try {
      return await migrateOnce(database, now, migrations);
    } catch (error) {
      if (!(error instanceof RestoreRunningError) || Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

async function migrateOnce(
  database: Database,
  now: () => Date,
  migrations: readonly Migration[],
): Promise<MigrationResult> {
  const { db, schemas } = database;
  const applied: MigrationResult["applied"] = [];
  const recovered = await db.transaction().execute(async (trx) => {
    await lockInstallation(runSqlIn(trx));
    const recovered = await settleInterruptedRestore(runSqlIn(trx), schemas);
    await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schemas.system)}`.execute(trx);
    await sql`CREATE TABLE IF NOT EXISTS ${sql.id(schemas.system, "migrations")} (
      id int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`.execute(trx);
    const done = new Set((await trx.selectFrom("migrations").select("id").execute()).map((row) => row.id));
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await migration.up(trx, schemas);
      await trx
        .insertInto("migrations")
        .values({ id: migration.id, name: migration.name, applied_at: now() })
        .execute();
      applied.push({ id: migration.id, name: migration.name });
    }
    return recovered;
  });
  const current = Math.max(0, ...MIGRATIONS.map((m) => m.id));
  return { applied, current, recovered: [...database.recovered, ...(recovered ? [recovered] : [])] };
}
