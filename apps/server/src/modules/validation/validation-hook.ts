import { compileFormulaToSql, type FieldIssue } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { objectSqlScope } from "../formula-sql/index.ts";
import type { WriteContext } from "../records/index.ts";
import { objectTable } from "../schema-sync/names.ts";
import { rulesToRun } from "./rules-to-run.ts";
import type { ValidationService } from "./validation.service.ts";

/**
 * The verify stage of every record write: after the INSERT or UPDATE, inside the write's transaction, one
 * query evaluates every active rule of the object on the rows as written — so relation paths such as
 * `account.tier` read the related records as they are now. A rule that is TRUE marks its record invalid;
 * the stage then fails with all messages and the transaction rolls back, leaving nothing stored.
 */
export function validationRulesHook(deps: {
  validation: ValidationService;
  schemas: Schemas;
  timeZone: string;
}) {
  return async (ctx: WriteContext) => {
    const objectName = ctx.model.object.apiName;
    const enforced = await deps.validation.enforcedRules(ctx.trx, ctx.snapshot, objectName);
    const rules = rulesToRun(ctx.snapshot, objectName, ctx.operation, enforced);
    if (rules.length === 0 || ctx.records.length === 0) return;
    // TODAY() and NOW() are the write's own clock reading, bound as parameters.
    const context = { now: ctx.now, today: ctx.today, timeZone: deps.timeZone };
    const scope = objectSqlScope({
      snapshot: ctx.snapshot,
      schemas: deps.schemas,
      object: objectName,
      alias: "t",
      context,
    });
    const columns = rules.map(
      ({ formula }, i) => sql`${compileFormulaToSql(formula, scope, context)} AS ${sql.id(`r${i}`)}`,
    );
    const ids = ctx.records.map((record) => record.id);
    const { rows } = await sql<Record<string, unknown>>`
      SELECT t.id, ${sql.join(columns)} FROM ${objectTable(deps.schemas, objectName)} t
      WHERE t.id = ANY(${ids}::uuid[])`.execute(ctx.trx);
    const byId = new Map(rows.map((row) => [String(row.id), row]));
    for (const record of ctx.records) {
      const row = byId.get(record.id);
      if (!row) continue;
      rules.forEach(({ rule }, i) => {
        if (row[`r${i}`] !== true) return;
        const issue: FieldIssue = {
          field: record.path + (rule.field ?? "record"),
          code: "validation_rule",
          message: rule.message,
        };
        ctx.issues.push(issue);
      });
    }
  };
}
