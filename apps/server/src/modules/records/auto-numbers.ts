import { type FieldDefinition, formatAutoNumber, parseAutoNumberPattern } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";

/**
 * Reserves `count` consecutive numbers for an auto-number field. The counter row is updated in the record's
 * transaction, so numbers are gap-free: a rolled-back insert gives its numbers back. A pattern that shows the
 * year counts per year of the organisation's time zone.
 */
export async function nextAutoNumbers(
  trx: Trx,
  schemas: Schemas,
  field: FieldDefinition,
  count: number,
  today: string,
): Promise<string[]> {
  const pattern = field.config.pattern ?? "{000000}";
  const parsed = parseAutoNumberPattern(pattern);
  if (!parsed || count === 0) return [];
  const period = parsed.yearly ? today.slice(0, 4) : "all";
  const { rows } = await sql<{ value: string }>`
    INSERT INTO ${sql.id(schemas.system, "autonumber_counters")} AS c (field_id, period, value)
    VALUES (${field.id}, ${period}, ${count})
    ON CONFLICT (field_id, period) DO UPDATE SET value = c.value + ${count}
    RETURNING value`.execute(trx);
  const last = Number(rows[0]?.value ?? count);
  return Array.from({ length: count }, (_, i) => formatAutoNumber(pattern, last - count + 1 + i, today));
}
