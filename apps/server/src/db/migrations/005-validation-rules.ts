import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Validation rules: per object, a formula that is true when a record is invalid and the message shown then.
 * They are definitions versioned with the metadata (a change bumps meta_version), so `object` is the object's
 * API name like sharing rules; deleting an object deletes its rules in the same metadata transaction.
 */
export const validationRulesMigration: Migration = {
  id: 5,
  name: "validation rules",
  async up(trx, schemas) {
    await sql`CREATE TABLE ${sql.id(schemas.system, "validation_rules")} (
      id uuid PRIMARY KEY,
      object text NOT NULL,
      api_name text NOT NULL,
      condition text NOT NULL,
      message jsonb NOT NULL,
      field text,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (object, api_name))`.execute(trx);
  },
};
