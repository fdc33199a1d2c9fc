import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * The index advisor (ADR 0034). `advisor_shapes` holds the read shapes every app instance has seen, merged
 * from each instance's in-memory statistic when it flushes (never a row per request); `advisor_indexes` the
 * indexes it proposed, built, proposes to drop or was told to leave alone. Automatic building is on for a new
 * installation (no object yet) and off for one upgraded with data, whose admin turns it on knowingly.
 */
export const indexAdvisorMigration: Migration = {
  id: 25,
  name: "index advisor",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    await sql`CREATE TABLE ${t("advisor_shapes")} (
      key text PRIMARY KEY,
      object text NOT NULL,
      shape jsonb NOT NULL,
      calls bigint NOT NULL,
      slow_calls bigint NOT NULL,
      total_ms double precision NOT NULL,
      max_ms double precision NOT NULL,
      recent_p95_ms double precision NOT NULL,
      estimate jsonb,
      first_seen timestamptz NOT NULL,
      last_seen timestamptz NOT NULL)`.execute(trx);
    await sql`CREATE TABLE ${t("advisor_indexes")} (
      id uuid PRIMARY KEY,
      object text NOT NULL,
      index_name text NOT NULL UNIQUE,
      definition jsonb NOT NULL,
      shape_key text,
      status text NOT NULL CHECK (status IN ('proposed', 'building', 'built', 'failed', 'dropped', 'dismissed')),
      automatic boolean NOT NULL DEFAULT false,
      reason jsonb NOT NULL,
      error text,
      created_at timestamptz NOT NULL,
      built_at timestamptz,
      dropped_at timestamptz)`.execute(trx);
    await sql`CREATE INDEX ${sql.id("advisor_indexes_object")} ON ${t("advisor_indexes")} (object, status)`.execute(
      trx,
    );
    const { rows } = await sql<{
      any: boolean;
    }>`SELECT EXISTS (SELECT 1 FROM ${t("objects")}) AS any`.execute(trx);
    const settings = JSON.stringify({ auto_build: !rows[0]?.any });
    await sql`INSERT INTO ${t("settings")} (key, value) VALUES ('index_advisor', ${settings}::jsonb)`.execute(
      trx,
    );
  },
};
