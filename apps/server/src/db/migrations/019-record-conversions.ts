import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/** Record conversions (ADR 0027): per source object, what it becomes and how values map — metadata. */
export const recordConversionsMigration: Migration = {
  id: 19,
  name: "record conversions",
  async up(trx, schemas) {
    await sql`CREATE TABLE ${sql.id(schemas.system, "record_conversions")} (
      object text PRIMARY KEY,
      definition jsonb NOT NULL,
      updated_at timestamptz NOT NULL)`.execute(trx);
  },
};
