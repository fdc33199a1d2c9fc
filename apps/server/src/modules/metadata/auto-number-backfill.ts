import { type FieldDefinition, formatAutoNumber, parseAutoNumberPattern } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import { objectTable } from "../schema-sync/index.ts";

const COUNTER_MARK = 987_654_321;

/**
 * A new auto-number field numbers the existing records in creation order, and its counter continues from there.
 * The text around the counter is formatted once in TypeScript (with today's date parts) and bound as parameters.
 */
export async function backfillAutoNumbers(
  trx: Trx,
  schemas: Schemas,
  object: string,
  field: FieldDefinition,
  today: string,
) {
  const pattern = field.config.pattern ?? "{000000}";
  const parsed = parseAutoNumberPattern(pattern);
  if (!parsed) return;
  const [prefix = "", suffix = ""] = formatAutoNumber(pattern, COUNTER_MARK, today).split(
    String(COUNTER_MARK).padStart(parsed.digits, "0"),
  );
  const table = objectTable(schemas, object);
  const column = sql.id(field.apiName);
  const { rows } = await sql<{ count: number }>`
    WITH numbered AS (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM ${table})
    UPDATE ${table} AS t SET ${column} = ${prefix} || CASE WHEN length(numbered.n::text) >= ${parsed.digits}
        THEN numbered.n::text ELSE lpad(numbered.n::text, ${parsed.digits}, '0') END || ${suffix}
    FROM numbered WHERE t.id = numbered.id
    RETURNING 1 AS count`.execute(trx);
  if (rows.length === 0) return;
  await trx
    .insertInto("autonumber_counters")
    .values({ field_id: field.id, period: parsed.yearly ? today.slice(0, 4) : "all", value: rows.length })
    .execute();
}
