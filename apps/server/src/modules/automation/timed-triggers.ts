import {
  type Automation,
  addDays,
  type Clock,
  isValidDateString,
  type MetadataSnapshot,
  type Sql,
  zonedDate,
} from "@keduo/core";
import { sql } from "kysely";
import type { Database, Trx } from "../../db/database.ts";
import { openStaysSql } from "../pipelines/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { readConditionSql } from "../validation/index.ts";
import { lastTick } from "./cron-ticks.ts";
import type { CalendarPort } from "./ports.ts";
import type { NewRun, RunStore } from "./run-store.ts";

/** A due occurrence the scan found: the record and what names the occasion (a date, a period, a stay). */
interface Due {
  record_id: string;
  occurrence: string;
}

export interface ScanContext {
  trx: Trx;
  database: Database;
  snapshot: MetadataSnapshot;
  timeZone: string;
  now: Date;
  today: string;
  calendar: CalendarPort;
  /**
   * Days back a due occasion still fires (date-relative and stagnation triggers); by default the trigger's
   * `late_days` and a week for stagnation. A preview asks day by day with 0 and 1.
   */
  lateDays?: number;
}

/** Stagnant records older than the window are not reminded when an automation is switched on. */
const STAGNATION_LATE_DAYS = 7;

const t = (column: string) => sql.id("t", column);

/** A date or datetime field (or the creation time) as a calendar date in the organisation's time zone. */
function dateOf(ctx: ScanContext, object: string, name: string | undefined): Sql {
  const field = name ? ctx.snapshot.objects.get(object)?.fields.find((f) => f.apiName === name) : undefined;
  if (field?.type === "date") return t(field.apiName);
  const column = field ? field.apiName : "created_at";
  return sql`(${t(column)} AT TIME ZONE ${ctx.timeZone})::date`;
}

/**
 * The field dates whose due day (the date plus the offset) fell in the late window ending today: the scan
 * looks for exactly these dates, so it is one indexed `= ANY` probe however many records there are.
 */
async function dueDates(
  ctx: ScanContext,
  trigger: Extract<Automation["trigger"], { kind: "date_relative" }>,
) {
  const late = ctx.lateDays ?? trigger.late_days ?? 7;
  const days = Array.from({ length: late + 1 }, (_, i) => addDays(ctx.today, -i));
  if (trigger.unit === "business_days" && !trigger.yearly) {
    const calendar = await ctx.calendar.load(ctx.trx);
    return [...new Set(days.flatMap((day) => calendar.datesShiftedTo(day, trigger.offset)))];
  }
  return days.map((day) => addDays(day, -trigger.offset));
}

/** Anniversaries are looked for as dates from this year on; older ones (rare) by month and day. */
const FIRST_ANNIVERSARY_YEAR = 1900;

/**
 * A date whose month and day are one of `dates`' (a yearly trigger's window): the same days of every year
 * since 1900 as one `= ANY` the date's index answers, instead of a month-day expression that reads the whole
 * table whatever is indexed. A 29 February is only in leap years, as its month and day are.
 */
function anniversaries(date: Sql, dates: string[], today: string): Sql {
  const monthDays = [...new Set(dates.map((d) => d.slice(5)))];
  const years = Number(today.slice(0, 4));
  const every: string[] = [];
  for (let year = FIRST_ANNIVERSARY_YEAR; year <= years; year++)
    for (const monthDay of monthDays) {
      const day = `${String(year).padStart(4, "0")}-${monthDay}`;
      if (isValidDateString(day)) every.push(day);
    }
  return sql`(${date} = ANY(${every}::date[]) OR (${date} < ${`${FIRST_ANNIVERSARY_YEAR}-01-01`}::date
    AND to_char(${date}, 'MM-DD') = ANY(${monthDays}::text[])))`;
}

/** The records of one timed automation due by the scan's clock, as `(id, occurrence)` rows; null for others. */
export async function dueSelect(
  ctx: ScanContext,
  automation: Pick<Automation, "object" | "trigger" | "condition">,
) {
  const { trigger } = automation;
  const table = objectTable(ctx.database.schemas, automation.object);
  const condition = readConditionSql(
    { ...ctx, schemas: ctx.database.schemas },
    automation.object,
    "t",
    automation.condition,
  );
  let select: Sql;
  switch (trigger.kind) {
    case "date_relative": {
      const date = dateOf(ctx, automation.object, trigger.field);
      const dates = await dueDates(ctx, trigger);
      select = trigger.yearly
        ? sql`SELECT t.id, to_char(${ctx.today}::date, 'YYYY') FROM ${table} t
            WHERE t.deleted_at IS NULL AND ${anniversaries(date, dates, ctx.today)}
              AND ${date} <= ${ctx.today}::date AND ${condition}`
        : sql`SELECT t.id, to_char(${date}, 'YYYY-MM-DD') FROM ${table} t
            WHERE t.deleted_at IS NULL AND ${date} = ANY(${dates}::date[]) AND ${condition}`;
      break;
    }
    case "stagnation": {
      const cutoff = new Date(ctx.now.getTime() - trigger.days * 86_400_000);
      const oldest = new Date(cutoff.getTime() - (ctx.lateDays ?? STAGNATION_LATE_DAYS) * 86_400_000);
      const since = trigger.measure === "no_update" ? t("updated_at") : sql.id("s", "entered_at");
      const stays =
        trigger.measure === "no_stage_change"
          ? sql`JOIN ${openStaysSql(ctx.database.schemas, automation.object)} s ON s.record_id = t.id`
          : sql``;
      const stages =
        trigger.stages?.length && trigger.measure === "no_stage_change"
          ? sql`AND s.stage = ANY(${trigger.stages}::text[])`
          : sql``;
      select = sql`SELECT t.id, to_char(${since} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') FROM ${table} t ${stays}
        WHERE t.deleted_at IS NULL AND ${since} <= ${cutoff} AND ${since} > ${oldest} ${stages} AND ${condition}`;
      break;
    }
    case "recurring": {
      const anchor = dateOf(ctx, automation.object, trigger.anchor_field);
      const months = sql`(extract(year FROM age(${ctx.today}::date, ${anchor})) * 12
        + extract(month FROM age(${ctx.today}::date, ${anchor})))::int`;
      const period = sql`(${months} / ${trigger.every_months}::int)`;
      select = sql`SELECT t.id, 'period ' || ${period} FROM ${table} t
        WHERE t.deleted_at IS NULL AND ${anchor} <= ${ctx.today}::date AND ${period} >= 1 AND ${condition}`;
      break;
    }
    case "schedule": {
      // Every record meeting the condition at the last tick, once per tick; a tick over a day old is let go.
      const tick = lastTick(trigger.cron, ctx.now, ctx.timeZone);
      const late = (ctx.lateDays ?? 1) * 86_400_000;
      if (!tick || ctx.now.getTime() - tick.getTime() > late) return null;
      select = sql`SELECT t.id, ${tick.toISOString()}::text FROM ${table} t
        WHERE t.deleted_at IS NULL AND ${condition}`;
      break;
    }
    default:
      return null;
  }
  return select;
}

/** Due occurrences of one timed automation, recorded in the same statement: each fires once. */
async function claimDue(ctx: ScanContext, automation: Automation): Promise<Due[]> {
  const select = await dueSelect(ctx, automation);
  if (!select) return [];
  const occurrences = sql.id(ctx.database.schemas.system, "automation_occurrences");
  const { rows } = await sql<Due>`
    INSERT INTO ${occurrences} (automation_id, record_id, occurrence, fired_at)
    SELECT ${automation.id}::uuid, due.id, due.occurrence, ${ctx.now}::timestamptz
    FROM (${select}) AS due(id, occurrence)
    ON CONFLICT DO NOTHING RETURNING record_id, occurrence`.execute(ctx.trx);
  return rows;
}

/**
 * Timers that scale (ADR 0032): date-relative, stagnation and recurring triggers keep no job per record.
 * Each scan asks, per enabled timed automation, one set-based question of the object's table against the
 * business clock — which records are due now — and records each answer as an occurrence whose primary key
 * (automation, record, occasion) makes it fire once, in the same transaction as its run. A changed date is a
 * new occasion (the reminder moves); a record that no longer meets the condition is simply not found.
 */
export async function scanTimedTriggers(deps: {
  database: Database;
  clock: Clock;
  timeZone: string;
  calendar: CalendarPort;
  snapshot: MetadataSnapshot;
  automations: Automation[];
  runs: RunStore;
}): Promise<number> {
  const now = deps.clock.now();
  let fired = 0;
  for (const automation of deps.automations) {
    if (!deps.snapshot.objects.has(automation.object)) continue;
    fired += await deps.database.db.transaction().execute(async (trx) => {
      const ctx = { ...deps, trx, now, today: zonedDate(now, deps.timeZone) };
      const due = await claimDue(ctx, automation);
      const runs: NewRun[] = due.map((row) => ({
        automationId: automation.id,
        version: automation.version,
        object: automation.object,
        recordId: row.record_id,
        trigger: `${automation.trigger.kind} ${row.occurrence}`,
        depth: 0,
        status: "queued",
      }));
      await deps.runs.enqueue(trx, runs);
      return runs.length;
    });
  }
  return fired;
}
