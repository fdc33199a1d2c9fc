import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Assignment rules (ADR 0033): per object, in order, versioned with the metadata; the last person each rule
 * gave a record to (the round-robin pointer, also the row that serializes concurrent assignments of one rule);
 * every decision with its reasons, shown on the record. `users.away_until`: a person on leave is passed over
 * until that day.
 */
export const assignmentMigration: Migration = {
  id: 23,
  name: "assignment rules, decisions and users away",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    await sql`ALTER TABLE ${t("users")} ADD COLUMN away_until date`.execute(trx);
    await sql`CREATE TABLE ${t("assignment_rules")} (
      id uuid PRIMARY KEY,
      object text NOT NULL,
      api_name text NOT NULL,
      position int NOT NULL,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (object, api_name))`.execute(trx);
    await sql`CREATE TABLE ${t("assignment_state")} (
      rule_id uuid PRIMARY KEY,
      last_user_id uuid)`.execute(trx);
    await sql`CREATE TABLE ${t("assignment_decisions")} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      object text NOT NULL,
      record_id uuid NOT NULL,
      decision jsonb NOT NULL,
      decided_at timestamptz NOT NULL)`.execute(trx);
    await sql`CREATE INDEX ${sql.id("assignment_decisions_record")} ON ${t("assignment_decisions")}
      (object, record_id, id DESC)`.execute(trx);
  },
};
