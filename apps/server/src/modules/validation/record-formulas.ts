import { type CheckedFormula, compileFormulaToSql, type MetadataSnapshot, type Sql } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import { objectSqlScope } from "../formula-sql/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { checkReadCondition } from "./read-conditions.ts";

/**
 * Formulas on one record as it is (an automation's values to write, a timer's condition), in one query: the
 * same SQL compiler as formula fields, TODAY() and NOW() the business clock's reading. Dates come back as
 * "YYYY-MM-DD" and numbers as numbers, the API form a write takes.
 */
export async function evaluateOnRecord(
  trx: Trx,
  deps: { schemas: Schemas; snapshot: MetadataSnapshot; timeZone: string; now: Date; today: string },
  object: string,
  id: string,
  formulas: readonly CheckedFormula[],
): Promise<unknown[]> {
  if (formulas.length === 0) return [];
  const context = { now: deps.now, today: deps.today, timeZone: deps.timeZone };
  const scope = objectSqlScope({
    snapshot: deps.snapshot,
    schemas: deps.schemas,
    object,
    alias: "t",
    context,
  });
  const columns = formulas.map((formula, i) => {
    const value = compileFormulaToSql(formula, scope, context);
    const cast = formula.type === "date" ? sql`to_char(${value}, 'YYYY-MM-DD')` : value;
    return sql`${cast} AS ${sql.id(`v${i}`)}`;
  });
  const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.join(columns)}
    FROM ${objectTable(deps.schemas, object)} t WHERE t.id = ${id}`.execute(trx);
  const row = rows[0] ?? {};
  return formulas.map((formula, i) => {
    const value = row[`v${i}`] ?? null;
    return formula.type === "number" && typeof value === "string" ? Number(value) : value;
  });
}

/**
 * A boolean formula (a timer's condition, an assignment rule's criteria) as SQL on the object's table under
 * `alias`, TRUE only where the formula is TRUE; a formula a later field change broke matches nothing.
 */
export function readConditionSql(
  deps: { schemas: Schemas; snapshot: MetadataSnapshot; timeZone: string; now: Date; today: string },
  object: string,
  alias: string,
  condition: string | null,
): Sql {
  if (!condition) return sql`TRUE`;
  const checked = checkReadCondition(deps.snapshot, object, condition);
  if (!checked.ok) return sql`FALSE`;
  const context = { now: deps.now, today: deps.today, timeZone: deps.timeZone };
  const scope = objectSqlScope({ snapshot: deps.snapshot, schemas: deps.schemas, object, alias, context });
  return sql`(${compileFormulaToSql(checked.formula, scope, context)}) IS TRUE`;
}
