import type { CalendarDay, Locale } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";

export type DayName = Partial<Record<Locale, string>>;
export type DaySource = "chinese-days" | "admin";

/** A day the calendar sets explicitly, as the admin API returns it. */
export interface CalendarDayRow {
  date: string;
  working: boolean;
  name: DayName | null;
  source: DaySource;
  updated_at: string;
  updated_by: string | null;
}

/** The settings row of the calendar (migration 022). */
interface CalendarState {
  revision: string;
  loaded_years: number[];
}

const STATE_KEY = "working_calendar";
const days = (schemas: Schemas) => sql.id(schemas.system, "calendar_days");
const settings = (schemas: Schemas) => sql.id(schemas.system, "settings");

interface StoredDay {
  date: string;
  working: boolean;
  name: DayName | null;
  source: DaySource;
  updated_at: Date;
  updated_by: string | null;
}

const toRow = (day: StoredDay): CalendarDayRow => ({
  ...day,
  updated_at: new Date(day.updated_at).toISOString(),
});

const COLUMNS = sql`day::text AS date, working, name, source, updated_at, updated_by`;

/** The revision of the calendar; it changes with every committed change of its days. */
export async function readRevision(executor: Db | Trx, schemas: Schemas): Promise<string> {
  const { rows } = await sql<{ revision: string }>`SELECT value->>'revision' AS revision
    FROM ${settings(schemas)} WHERE key = ${STATE_KEY}`.execute(executor);
  return rows[0]?.revision ?? "";
}

export async function readState(executor: Db | Trx, schemas: Schemas): Promise<CalendarState> {
  const { rows } = await sql<{ value: CalendarState }>`SELECT value FROM ${settings(schemas)}
    WHERE key = ${STATE_KEY}`.execute(executor);
  return rows[0]?.value ?? { revision: "", loaded_years: [] };
}

/** The state row, locked until the transaction ends: changes of the calendar take turns. */
export async function lockState(trx: Trx, schemas: Schemas): Promise<CalendarState> {
  const { rows } = await sql<{ value: CalendarState }>`SELECT value FROM ${settings(schemas)}
    WHERE key = ${STATE_KEY} FOR UPDATE`.execute(trx);
  return rows[0]?.value ?? { revision: "", loaded_years: [] };
}

export async function writeState(trx: Trx, schemas: Schemas, state: CalendarState): Promise<void> {
  await sql`UPDATE ${settings(schemas)} SET value = ${JSON.stringify(state)}::jsonb
    WHERE key = ${STATE_KEY}`.execute(trx);
}

/** Every day that is set, as the business calendar takes them. */
export async function readAllDays(executor: Db | Trx, schemas: Schemas): Promise<CalendarDay[]> {
  const { rows } = await sql<CalendarDay>`SELECT day::text AS date, working FROM ${days(schemas)}`.execute(
    executor,
  );
  return rows;
}

export async function readYear(
  executor: Db | Trx,
  schemas: Schemas,
  year: number,
): Promise<CalendarDayRow[]> {
  const { rows } = await sql<StoredDay>`SELECT ${COLUMNS} FROM ${days(schemas)}
    WHERE day >= make_date(${year}::int, 1, 1) AND day < make_date(${year}::int + 1, 1, 1)
    ORDER BY day`.execute(executor);
  return rows.map(toRow);
}

export async function readDay(
  executor: Db | Trx,
  schemas: Schemas,
  date: string,
): Promise<CalendarDayRow | null> {
  const { rows } = await sql<StoredDay>`SELECT ${COLUMNS} FROM ${days(schemas)}
    WHERE day = ${date}::date`.execute(executor);
  return rows[0] ? toRow(rows[0]) : null;
}

export async function writeDay(
  trx: Trx,
  schemas: Schemas,
  day: Omit<StoredDay, "updated_at"> & { updated_at: Date },
): Promise<CalendarDayRow> {
  const { rows } = await sql<StoredDay>`INSERT INTO ${days(schemas)}
      (day, working, name, source, updated_at, updated_by)
    VALUES (${day.date}::date, ${day.working}, ${day.name === null ? null : JSON.stringify(day.name)}::jsonb,
      ${day.source}, ${day.updated_at}, ${day.updated_by})
    ON CONFLICT (day) DO UPDATE SET working = excluded.working, name = excluded.name, source = excluded.source,
      updated_at = excluded.updated_at, updated_by = excluded.updated_by
    RETURNING ${COLUMNS}`.execute(trx);
  return toRow(rows[0]!);
}

/** Deletes a set day; the deleted row, or null when the day followed the weekday rule already. */
export async function deleteDay(trx: Trx, schemas: Schemas, date: string): Promise<CalendarDayRow | null> {
  const { rows } = await sql<StoredDay>`DELETE FROM ${days(schemas)} WHERE day = ${date}::date
    RETURNING ${COLUMNS}`.execute(trx);
  return rows[0] ? toRow(rows[0]) : null;
}

/**
 * Adds official days in one statement; a day that is already set (an admin's entry made ahead of the
 * package) is kept. Returns how many were added.
 */
export async function insertOfficialDays(
  trx: Trx,
  schemas: Schemas,
  official: Array<{ date: string; working: boolean; name: DayName }>,
  now: Date,
): Promise<number> {
  if (!official.length) return 0;
  const { rows } = await sql<{ date: string }>`INSERT INTO ${days(schemas)}
      (day, working, name, source, updated_at, updated_by)
    SELECT day, working, name, 'chinese-days', ${now}, NULL
    FROM jsonb_to_recordset(${JSON.stringify(official.map(({ date, ...rest }) => ({ day: date, ...rest })))}::jsonb)
      AS official(day date, working boolean, name jsonb)
    ON CONFLICT (day) DO NOTHING
    RETURNING day::text AS date`.execute(trx);
  return rows.length;
}
