import { sql } from "kysely";
import type { Migration } from "./migration.ts";

/**
 * Timers on the business clock (ADR 0018): one row per pending timer, due at a business-clock time. A scan
 * compares `due_at` with the clock's reading (a bind parameter, never `now()`), so tests move time by moving
 * the clock. `(kind, key)` is unique: scheduling the same key again moves the timer instead of adding one.
 */
export const timersMigration: Migration = {
  id: 13,
  name: "timers",
  async up(trx, schemas) {
    const t = (name: string) => sql.id(schemas.system, name);
    await sql`CREATE TABLE ${t("timers")} (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL,
      key text NOT NULL,
      due_at timestamptz NOT NULL,
      data jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (kind, key))`.execute(trx);
    await sql`CREATE INDEX timers_due ON ${t("timers")} (due_at)`.execute(trx);
  },
};
