import {
  type AutomationDefinition,
  addDays,
  type Clock,
  KeduoError,
  type MetadataSnapshot,
  TIMED_TRIGGERS,
  zonedDate,
} from "@keduo/core";
import { sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { objectTable } from "../schema-sync/index.ts";
import type { CalendarPort } from "./ports.ts";
import { dueSelect } from "./timed-triggers.ts";

/** One record the automation would act on, and on which day. */
export interface PreviewHit {
  date: string;
  record_id: string;
  /** The record's display value (its name), for the list the admin reads. */
  label: string | null;
  occurrence: string;
}

export interface AutomationPreview {
  from: string;
  to: string;
  hits: PreviewHit[];
  /** More hits than listed: the list stops at the limit. */
  truncated: boolean;
  /** What each hit would get, in the order the actions run. */
  actions: AutomationDefinition["actions"];
}

const MS_PER_DAY = 86_400_000;

/**
 * Preview before enabling (issue 17): which records a timed automation would act on over the next `days` days,
 * with the business clock moved a day at a time over the real data — the same due query the scan runs, read
 * only (nothing is recorded, nothing is sent). Today lists what would fire at once on enabling, late ones
 * included; each later day what becomes due that day. Occasions already fired (a saved automation's) are left
 * out, as the scan would.
 */
export async function previewTimed(
  deps: {
    database: Database;
    clock: Clock;
    timeZone: string;
    calendar: CalendarPort;
    snapshot: MetadataSnapshot;
  },
  automation: Pick<AutomationDefinition, "object" | "trigger" | "condition" | "actions"> & { id?: string },
  options: { days: number; limit: number },
): Promise<AutomationPreview> {
  if (!(TIMED_TRIGGERS as readonly string[]).includes(automation.trigger.kind))
    throw new KeduoError("AUTOMATION_PREVIEW_TIMED_ONLY", { params: { trigger: automation.trigger.kind } });
  const now = deps.clock.now();
  const today = zonedDate(now, deps.timeZone);
  const display = deps.snapshot.objects.get(automation.object)?.displayField ?? null;
  const occurrences = sql.id(deps.database.schemas.system, "automation_occurrences");
  const table = objectTable(deps.database.schemas, automation.object);
  const hits: PreviewHit[] = [];
  const seen = new Set<string>();
  let truncated = false;
  await deps.database.db.transaction().execute(async (trx) => {
    for (let day = 0; day <= options.days && !truncated; day++) {
      const ctx = {
        ...deps,
        trx,
        now: new Date(now.getTime() + day * MS_PER_DAY),
        today: addDays(today, day),
        // Today: what would fire at once (late ones too); later days: only what becomes due that day.
        ...(day === 0 ? {} : { lateDays: automation.trigger.kind === "stagnation" ? 1 : 0 }),
      };
      const select = await dueSelect(ctx, automation);
      if (!select) break;
      const { rows } = await sql<{ id: string; occurrence: string; label: unknown }>`
        SELECT due.id, due.occurrence, ${display ? sql`x.${sql.id(display)}` : sql`NULL`} AS label
        FROM (${select}) AS due(id, occurrence) JOIN ${table} x ON x.id = due.id
        WHERE NOT EXISTS (SELECT 1 FROM ${occurrences} o WHERE o.automation_id = ${automation.id ?? null}::uuid
          AND o.record_id = due.id AND o.occurrence = due.occurrence)
        ORDER BY due.id LIMIT ${options.limit + 1}`.execute(trx);
      for (const row of rows) {
        const key = `${row.id} ${row.occurrence}`;
        if (seen.has(key)) continue;
        if (hits.length === options.limit) {
          truncated = true;
          break;
        }
        seen.add(key);
        hits.push({
          date: ctx.today,
          record_id: row.id,
          label: row.label === null || row.label === undefined ? null : String(row.label),
          occurrence: row.occurrence,
        });
      }
    }
  });
  return { from: today, to: addDays(today, options.days), hits, truncated, actions: automation.actions };
}
