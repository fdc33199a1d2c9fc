import { compileFormulaToSql, type FieldIssue, type FormulaValueType, type Sql } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { fullFormulaSchema, objectSqlScope, priorRowsSql } from "../formula-sql/index.ts";
import type { WriteContext } from "../records/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { rulesToRun } from "./rules-to-run.ts";
import type { EnforcedRule, ValidationService } from "./validation.service.ts";

/**
 * `LEFT JOIN <prior rows> p ON p.id = t.id` when a rule reads the write (ISNEW, ISCHANGED, PRIORVALUE): the
 * stored values the write started from, for the fields those rules read, bound as one JSON parameter. A
 * created record has no prior row, so it reads as new with BLANK prior values.
 */
function priorJoin(ctx: WriteContext, rules: readonly EnforcedRule[]): Sql | null {
  if (!rules.some(({ formula }) => formula.readsWrite)) return null;
  const schema = fullFormulaSchema(ctx.snapshot);
  const object = ctx.model.object.apiName;
  const columns = new Map<string, FormulaValueType>();
  for (const { formula } of rules) {
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
 * The verify stage of every record write: after the INSERT or UPDATE, inside the write's transaction, one
 * query evaluates every active rule of the object on the rows as written — so relation paths such as
 * `account.tier` read the related records as they are now. A rule that is TRUE marks its record invalid;
 * the stage then fails with all messages and the transaction rolls back, leaving nothing stored. Rules that
 * read the write compare with the rows as the write found them (locked before it changed them).
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
      prior: "p",
    });
    const columns = rules.map(
      ({ formula }, i) => sql`${compileFormulaToSql(formula, scope, context)} AS ${sql.id(`r${i}`)}`,
    );
    const ids = ctx.records.map((record) => record.id);
    const join = priorJoin(ctx, rules);
    const { rows } = await sql<Record<string, unknown>>`
      SELECT t.id, ${sql.join(columns)} FROM ${objectTable(deps.schemas, objectName)} t ${join ?? sql``}
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
