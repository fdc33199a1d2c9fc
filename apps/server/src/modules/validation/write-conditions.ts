import { type CheckedFormula, compileFormulaToSql, type FormulaValueType, type Sql } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { fullFormulaSchema, objectSqlScope, priorRowsSql } from "../formula-sql/index.ts";
import type { WriteContext } from "../records/index.ts";
import { objectTable } from "../schema-sync/index.ts";

export { checkRuleCondition as checkWriteCondition } from "./rule-conditions.ts";

/**
 * `LEFT JOIN <prior rows> p ON p.id = t.id` when a condition reads the write (ISNEW, ISCHANGED, PRIORVALUE):
 * the stored values the write started from, for the fields those conditions read, bound as one JSON
 * parameter. A created record has no prior row, so it reads as new with BLANK prior values.
 */
function priorJoin(ctx: WriteContext, formulas: readonly CheckedFormula[]): Sql | null {
  if (!formulas.some((formula) => formula.readsWrite)) return null;
  const schema = fullFormulaSchema(ctx.snapshot);
  const object = ctx.model.object.apiName;
  const columns = new Map<string, FormulaValueType>();
  for (const formula of formulas) {
    for (const name of formula.priorFields) {
      const field = schema.field(object, name);
      if (field?.kind === "value") columns.set(name, field.type);
    }
  }
  const rows = ctx.records.flatMap((record) =>
    record.before ? [{ id: record.id, values: record.before }] : [],
  );
  return sql`LEFT JOIN ${priorRowsSql("p", [...columns], rows)} ON p.id = t.id`;
}

/**
 * Evaluates boolean conditions on records of a write as written, in one query inside the write's transaction
 * (validation rules, stage gates): relation paths read the related records as they are now, and conditions
 * that read the write compare with the rows as the write found them. Resolves each record's values, in the
 * order of `formulas`, by record id (`records` defaults to every record of the write).
 */
export async function evaluateWriteConditions(
  ctx: WriteContext,
  formulas: readonly CheckedFormula[],
  deps: { schemas: Schemas; timeZone: string },
  recordIds: readonly string[] = ctx.records.map((record) => record.id),
): Promise<Map<string, unknown[]>> {
  const results = new Map<string, unknown[]>();
  if (formulas.length === 0 || recordIds.length === 0) return results;
  const objectName = ctx.model.object.apiName;
  // TODAY() and NOW() are the write's own clock reading, bound as parameters.
  const context = { now: ctx.now, today: ctx.today, timeZone: deps.timeZone };
  const scope = objectSqlScope({
    snapshot: ctx.snapshot,
    schemas: deps.schemas,
    object: objectName,
    alias: "t",
    context,
    prior: "p",
  });
  const columns = formulas.map(
    (formula, i) => sql`${compileFormulaToSql(formula, scope, context)} AS ${sql.id(`r${i}`)}`,
  );
  const join = priorJoin(ctx, formulas);
  const { rows } = await sql<Record<string, unknown>>`
    SELECT t.id, ${sql.join(columns)} FROM ${objectTable(deps.schemas, objectName)} t ${join ?? sql``}
    WHERE t.id = ANY(${recordIds}::uuid[])`.execute(ctx.trx);
  for (const row of rows)
    results.set(
      String(row.id),
      formulas.map((_, i) => row[`r${i}`]),
    );
  return results;
}
