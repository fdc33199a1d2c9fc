import { sql } from "kysely";
import type { Database } from "./database.ts";
import { MIGRATIONS } from "./migrations/index.ts";
import type { Migration } from "./migrations/migration.ts";

// Any constant shared by all instances: several app instances starting at once migrate one at a time.
const MIGRATION_LOCK_KEY = 4_242_001;

export interface MigrationResult {
  applied: Array<{ id: number; name: string }>;
  current: number;
}

/** Applies pending system migrations in one transaction (all or none) under a cluster-wide advisory lock. */
export async function migrate(
  database: Database,
  now: () => Date,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  const { db, schemas } = database;
  const applied: MigrationResult["applied"] = [];
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
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
  });
  const current = Math.max(0, ...MIGRATIONS.map((m) => m.id));
  return { applied, current };
}
