import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Record overviews ("360", ADR 0027): one definition per object — KPIs, related lists, timeline sources — as
 * metadata versioned with the rest (`object` is the object's API name, like validation rules and pipelines).
 */
export const recordOverviewsMigration: Migration = {
  id: 18,
  name: "record overviews",
  async up(trx, schemas) {
    await sql`CREATE TABLE ${sql.id(schemas.system, "record_overviews")} (
      object text PRIMARY KEY,
      definition jsonb NOT NULL,
      updated_at timestamptz NOT NULL)`.execute(trx);
  },
};
