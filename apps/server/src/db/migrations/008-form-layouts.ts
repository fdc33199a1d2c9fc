import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Form layouts: per object, the sections of its record page and form (labels, columns, the fields and
 * sub-forms placed in each). One row per object, keyed by the object's API name like validation rules; a
 * layout is a definition versioned with the metadata, and `version` is the row's own optimistic-concurrency
 * counter (If-Match). Deleting an object deletes its layout in the same metadata transaction.
 */
export const formLayoutsMigration: Migration = {
  id: 8,
  name: "form layouts",
  async up(trx, schemas) {
    await sql`CREATE TABLE ${sql.id(schemas.system, "form_layouts")} (
      object text PRIMARY KEY,
      sections jsonb NOT NULL,
      version int NOT NULL,
      updated_at timestamptz NOT NULL,
      updated_by uuid)`.execute(trx);
  },
};
