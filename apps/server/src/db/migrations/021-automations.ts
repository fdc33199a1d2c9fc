import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Automations (ADR 0032): definitions versioned with the metadata (`object` is the object's API name; the
 * trigger, condition and actions live in `definition`), every version a run may still use, the runs with their
 * steps (the run log), and one row per timed occurrence that fired — its primary key is what keeps a
 * date-relative, stagnation or recurring trigger from firing twice for the same record and occasion.
 */
export const automationsMigration: Migration = {
  id: 21,
  name: "automations, runs and occurrences",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    await sql`CREATE TABLE ${t("automations")} (
      id uuid PRIMARY KEY,
      object text NOT NULL,
      api_name text NOT NULL,
      enabled boolean NOT NULL,
      version int NOT NULL,
      definition jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (object, api_name))`.execute(trx);
    await sql`CREATE TABLE ${t("automation_versions")} (
      automation_id uuid NOT NULL,
      version int NOT NULL,
      definition jsonb NOT NULL,
      PRIMARY KEY (automation_id, version))`.execute(trx);
    await sql`CREATE TABLE ${t("automation_runs")} (
      id uuid PRIMARY KEY,
      automation_id uuid NOT NULL,
      version int NOT NULL,
      object text NOT NULL,
      record_id uuid NOT NULL,
      trigger text NOT NULL,
      status text NOT NULL,
      next_action int NOT NULL DEFAULT 0,
      steps jsonb NOT NULL DEFAULT '[]',
      error text,
      depth int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      finished_at timestamptz)`.execute(trx);
    await sql`CREATE INDEX ${sql.id("automation_runs_automation")} ON ${t("automation_runs")}
      (automation_id, id DESC)`.execute(trx);
    await sql`CREATE INDEX ${sql.id("automation_runs_record")} ON ${t("automation_runs")}
      (object, record_id, id DESC)`.execute(trx);
    await sql`CREATE TABLE ${t("automation_occurrences")} (
      automation_id uuid NOT NULL,
      record_id uuid NOT NULL,
      occurrence text NOT NULL,
      fired_at timestamptz NOT NULL,
      PRIMARY KEY (automation_id, record_id, occurrence))`.execute(trx);
  },
};
