import type { FieldIssue } from "@keduo/core";
import type { Schemas } from "../../db/database.ts";
import type { WriteContext } from "../records/index.ts";
import { rulesToRun } from "./rules-to-run.ts";
import type { ValidationService } from "./validation.service.ts";
import { evaluateWriteConditions } from "./write-conditions.ts";

/**
 * The verify stage of every record write: after the INSERT or UPDATE, inside the write's transaction, one
 * query evaluates every active rule of the object on the rows as written. A rule that is TRUE marks its
 * record invalid; the stage then fails with all messages and the transaction rolls back, leaving nothing
 * stored.
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
    const results = await evaluateWriteConditions(
      ctx,
      rules.map(({ formula }) => formula),
      deps,
    );
    for (const record of ctx.records) {
      const values = results.get(record.id);
      if (!values) continue;
      rules.forEach(({ rule }, i) => {
        if (values[i] !== true) return;
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
