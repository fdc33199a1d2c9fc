import {
  BusinessCalendar,
  type Clock,
  DEFAULT_WORKING_WEEKDAYS,
  type IsoWeekday,
  isValidDateString,
  KeduoError,
  uuidv7,
} from "@keduo/core";
import type { Database, Db, Trx } from "../../db/database.ts";
import type { Actor } from "../access/index.ts";
import { appendAudit } from "../audit/index.ts";
import {
  type CalendarDayRow,
  type DayName,
  deleteDay,
  insertOfficialDays,
  lockState,
  readAllDays,
  readDay,
  readRevision,
  readState,
  readYear,
  writeDay,
  writeState,
} from "./calendar-rows.ts";
import type { OfficialCalendar } from "./chinese-days-source.ts";

/** A year of the calendar as the admin page shows it: the rule, and the days that are set. */
export interface CalendarYear {
  year: number;
  default_rule: { working_weekdays: readonly IsoWeekday[] };
  /** Whether the official holidays of this year were loaded (the State Council publishes them each autumn). */
  official_loaded: boolean;
  official_source: string;
  days: CalendarDayRow[];
}

export interface DayInput {
  working: boolean;
  name?: DayName | null;
}

const INVALID_DATE = {
  "zh-CN": "“{value}”不是有效的日期，请使用 YYYY-MM-DD 格式，例如 2026-10-01",
  en: "“{value}” is not a valid date; use YYYY-MM-DD, for example 2026-10-01",
};

function assertDate(date: string): void {
  if (isValidDateString(date)) return;
  throw new KeduoError("VALIDATION_FAILED", {
    issues: [{ field: "date", code: "invalid_date", params: { value: date }, message: INVALID_DATE }],
  });
}

/** Trimmed names without empty entries; null when nothing is left. */
function cleanName(name: DayName | null | undefined): DayName | null {
  const kept = Object.entries(name ?? {})
    .map(([locale, text]) => [locale, text?.trim() ?? ""] as const)
    .filter(([, text]) => text !== "");
  return kept.length ? Object.fromEntries(kept) : null;
}

/**
 * The working calendar: the business calendar engines count with, and the admin's edits of it. The calendar is
 * cached per revision: `load` asks the database for the revision (one indexed row) and rebuilds only when it
 * changed, so an edit made on any app instance is seen by every other at its next load, and a revision of a
 * rolled-back transaction (a fresh UUID) never matches a committed one.
 */
export class WorkingCalendarService {
  readonly #database: Database;
  readonly #clock: Clock;
  readonly #official: () => OfficialCalendar;
  #cached: { revision: string; calendar: BusinessCalendar } | null = null;

  constructor(deps: { database: Database; clock: Clock; official: () => OfficialCalendar }) {
    this.#database = deps.database;
    this.#clock = deps.clock;
    this.#official = deps.official;
  }

  /** The business calendar as of `executor` (pass the transaction when inside one: PGlite has one connection). */
  async load(executor: Db | Trx): Promise<BusinessCalendar> {
    const { schemas } = this.#database;
    const revision = await readRevision(executor, schemas);
    if (this.#cached?.revision === revision) return this.#cached.calendar;
    const calendar = new BusinessCalendar(await readAllDays(executor, schemas));
    this.#cached = { revision, calendar };
    return calendar;
  }

  /**
   * Loads the official days of every year the package states that was not loaded before (all of them on a
   * new installation; 2027 after an upgrade that brings it). Returns the years loaded now.
   */
  async loadOfficialYears(): Promise<number[]> {
    const { db, schemas } = this.#database;
    const official = this.#official();
    return db.transaction().execute(async (trx) => {
      const state = await lockState(trx, schemas);
      const missing = official.years.filter((year) => !state.loaded_years.includes(year));
      if (!missing.length) return [];
      const days = official.days.filter((day) => missing.includes(Number(day.date.slice(0, 4))));
      await insertOfficialDays(trx, schemas, days, this.#clock.now());
      const loaded_years = [...state.loaded_years, ...missing].sort((a, b) => a - b);
      await writeState(trx, schemas, { revision: uuidv7(), loaded_years });
      return missing;
    });
  }

  async year(year: number): Promise<CalendarYear> {
    const { db, schemas } = this.#database;
    const official = this.#official();
    const { loaded_years } = await readState(db, schemas);
    return {
      year,
      default_rule: { working_weekdays: DEFAULT_WORKING_WEEKDAYS },
      official_loaded: loaded_years.includes(year),
      official_source: official.source,
      days: await readYear(db, schemas, year),
    };
  }

  /** Sets a day working or not, with an optional name; the admin's entry replaces an official one. */
  async setDay(date: string, input: DayInput, actor: Actor): Promise<CalendarDayRow> {
    assertDate(date);
    return this.#change(async (trx) => {
      const { schemas } = this.#database;
      const before = await readDay(trx, schemas, date);
      const after = await writeDay(trx, schemas, {
        date,
        working: input.working,
        name: cleanName(input.name),
        source: "admin",
        updated_at: this.#clock.now(),
        updated_by: actor.userId,
      });
      await this.#audit(trx, actor, "calendar.day.set", date, before, after);
      return after;
    });
  }

  /** Returns a day to the weekday rule; nothing to do when it follows the rule already. */
  async resetDay(date: string, actor: Actor): Promise<void> {
    assertDate(date);
    await this.#change(async (trx) => {
      const before = await deleteDay(trx, this.#database.schemas, date);
      if (before) await this.#audit(trx, actor, "calendar.day.reset", date, before, null);
      return before;
    });
  }

  /** A change in one transaction that renews the revision, so every instance's cache is stale after it. */
  async #change<T>(change: (trx: Trx) => Promise<T>): Promise<T> {
    const { db, schemas } = this.#database;
    return db.transaction().execute(async (trx) => {
      const state = await lockState(trx, schemas);
      const result = await change(trx);
      await writeState(trx, schemas, { ...state, revision: uuidv7() });
      return result;
    });
  }

  async #audit(
    trx: Trx,
    actor: Actor,
    action: string,
    date: string,
    before: CalendarDayRow | null,
    after: CalendarDayRow | null,
  ): Promise<void> {
    const shown = (day: CalendarDayRow | null) =>
      day && { working: day.working, name: day.name, source: day.source };
    await appendAudit(
      trx,
      [
        {
          action,
          actorId: actor.userId,
          ip: actor.ip,
          details: { date, before: shown(before), after: shown(after) },
        },
      ],
      this.#clock.now(),
    );
  }
}
