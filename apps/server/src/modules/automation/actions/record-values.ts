import type { ValueSource } from "@keduo/core";
import { checkReadCondition, evaluateOnRecord } from "../../validation/index.ts";
import type { ActionContext, ActionKind } from "./action-kind.ts";
import { fill } from "./action-text.ts";
import { ActionFailure } from "./step-problem.ts";

/** The values an action writes, in API form, from the record it runs on (formulas in one query). */
async function valuesFrom(ctx: ActionContext, sources: Record<string, ValueSource>) {
  const values: Record<string, unknown> = {};
  const formulas: Array<[string, string]> = [];
  for (const [name, source] of Object.entries(sources)) {
    if ("value" in source) values[name] = source.value;
    else if ("copy" in source) values[name] = ctx.record[source.copy] ?? null;
    else if ("text" in source) values[name] = fill(ctx, { "zh-CN": source.text, en: source.text }, "zh-CN");
    else formulas.push([name, source.formula]);
  }
  const checked = formulas.map(([name, formula]) => {
    const result = checkReadCondition(ctx.snapshot, ctx.automation.object, formula, { expectBoolean: false });
    if (!result.ok) {
      const reason = String(result.errors[0]?.code);
      const problem = { code: "formula_broken", params: { field: name, reason } } as const;
      throw new ActionFailure(problem, `the formula for ${name} no longer checks: ${reason}`);
    }
    return result.formula;
  });
  const results = await evaluateOnRecord(ctx.trx, ctx, ctx.automation.object, ctx.recordId, checked);
  formulas.forEach(([name], i) => {
    values[name] = results[i];
  });
  return values;
}

/** Field values written on the record itself, through the records service (validation, gates, history). */
export const updateFields: ActionKind<"update_fields"> = {
  check: (check, path, action) => ({
    kind: "update_fields",
    values: check.values(`${path}.values`, action.values, check.object),
  }),

  async run(ctx, action) {
    const values = await valuesFrom(ctx, action.values);
    await ctx.writes.update(ctx.automation.object, [{ id: ctx.recordId, values }]);
    return { outcome: "done", note: { code: "fields_updated", params: { fields: Object.keys(values) } } };
  },
};

/** A new record of another object filled from this one (a renewal opportunity from a contract). */
export const createRecord: ActionKind<"create_record"> = {
  check(check, path, action) {
    const target = check.context.snapshot.objects.get(String(action.object ?? ""));
    if (!target) {
      check.problem(`${path}.object`, "unknown_object", { object: String(action.object ?? "") });
      return { kind: "create_record", object: String(action.object ?? ""), values: {} };
    }
    return {
      kind: "create_record",
      object: target.apiName,
      values: check.values(`${path}.values`, action.values, target),
    };
  },

  async run(ctx, action) {
    const values = await valuesFrom(ctx, action.values);
    const [created] = await ctx.writes.create(action.object, [values]);
    const params = { object: action.object, id: String(created?.id) };
    return { outcome: "done", note: { code: "record_created", params } };
  },
};
