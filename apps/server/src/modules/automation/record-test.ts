import {
  type AutomationDefinition,
  type Clock,
  type MetadataSnapshot,
  type RunStep,
  zonedDate,
} from "@keduo/core";
import { sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { objectTable } from "../schema-sync/index.ts";
import { checkReadCondition, readConditionSql } from "../validation/index.ts";

/** An automation tried on one record: whether its condition holds there, and what each action would do. */
export interface AutomationTest {
  record_id: string;
  condition: { result: boolean | null; note: string | null };
  steps: RunStep[];
}

/**
 * Whether the condition holds for the record as it is now. A condition that reads a write (ISNEW, ISCHANGED,
 * PRIORVALUE) has no answer outside a write: it is judged when a record is written, and said so.
 */
export async function conditionOnRecord(
  deps: { database: Database; clock: Clock; timeZone: string; snapshot: MetadataSnapshot },
  definition: AutomationDefinition,
  recordId: string,
): Promise<AutomationTest["condition"]> {
  if (!definition.condition) return { result: true, note: null };
  if (!checkReadCondition(deps.snapshot, definition.object, definition.condition).ok)
    return {
      result: null,
      note: "the condition reads the write (ISNEW, ISCHANGED, PRIORVALUE): it is judged when a record is written",
    };
  const now = deps.clock.now();
  const condition = readConditionSql(
    { ...deps, schemas: deps.database.schemas, now, today: zonedDate(now, deps.timeZone) },
    definition.object,
    "t",
    definition.condition,
  );
  const { rows } = await sql<{ result: boolean }>`SELECT ${condition} AS result
    FROM ${objectTable(deps.database.schemas, definition.object)} t WHERE t.id = ${recordId}`.execute(
    deps.database.db,
  );
  return { result: rows[0]?.result === true, note: null };
}
