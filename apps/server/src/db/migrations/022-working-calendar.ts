import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * The working calendar (ADR 0031): the days that break the Monday–Friday rule — public holidays and make-up
 * working days (调休) — kept as data the admin edits. The official days are loaded at start from the
 * chinese-days package, year by year (a newer package adds its new years; a year once loaded is never loaded
 * again, so an admin's edit or reset stays). The settings row holds which years were loaded and a revision
 * every change renews, by which each app instance knows its cached calendar is stale.
 */
export const workingCalendarMigration: Migration = {
  id: 22,
  name: "working calendar",
  async up(trx, schemas) {
    await sql`CREATE TABLE ${sql.id(schemas.system, "calendar_days")} (
      day date PRIMARY KEY,
      working boolean NOT NULL,
      name jsonb,
      source text NOT NULL CHECK (source IN ('chinese-days', 'admin')),
      updated_at timestamptz NOT NULL,
      updated_by uuid REFERENCES ${sql.id(schemas.system, "users")} (id) ON DELETE SET NULL)`.execute(trx);
    const state = JSON.stringify({ revision: "initial", loaded_years: [] });
    await sql`INSERT INTO ${sql.id(schemas.system, "settings")} (key, value)
      VALUES ('working_calendar', ${state}::jsonb)`.execute(trx);
  },
};
