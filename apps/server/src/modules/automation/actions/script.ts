import type { StepProblem } from "@keduo/core";
import { compileScript } from "../script/compile.ts";
import type { ActionKind, ActionResult } from "./action-kind.ts";
import { ActionFailure } from "./step-problem.ts";

const MAX_SOURCE = 20_000;

/**
 * A script run in the sandbox on the record (as `record`, API form); the object it returns is written on the
 * record through the records service like update_fields. A script that does not compile is refused when saved;
 * one that throws, runs out of time or memory, or returns names that are no fields fails its run.
 */
export const script: ActionKind<"script"> = {
  check(check, path, action) {
    const source = typeof action.source === "string" ? action.source : "";
    if (!source.trim()) check.problem(`${path}.source`, "required");
    else if (source.length > MAX_SOURCE) check.problem(`${path}.source`, "too_long", { max: MAX_SOURCE });
    else {
      const compiled = compileScript(source);
      if (!compiled.ok)
        check.problem(`${path}.source`, "script_compile_error", {
          message: compiled.message,
          line: compiled.line,
        });
    }
    return { kind: "script", source };
  },

  async run(ctx, action): Promise<ActionResult> {
    const outcome = await ctx.scripts.run(action.source, ctx.record);
    if (!outcome.ok) {
      const problem: StepProblem = {
        code: "script_failed",
        params: { limit: outcome.limit ?? null, message: outcome.error },
      };
      throw new ActionFailure(problem, `script failed: ${outcome.error}`);
    }
    const object = ctx.snapshot.objects.get(ctx.automation.object);
    const names = Object.keys(outcome.values);
    // The owner is no field, but a script may set it (as update_fields may).
    const unknown = names.filter(
      (name) => name !== "owner_id" && !object?.fields.some((f) => f.apiName === name && !f.hidden),
    );
    if (unknown.length) {
      const what = unknown.length === 1 ? "a field" : "fields";
      const listed = unknown.map((name) => `"${name}"`).join(", ");
      throw new ActionFailure(
        { code: "script_unknown_fields", params: { names: unknown } },
        `script returned ${listed}, not ${what} of ${ctx.automation.object}`,
      );
    }
    if (names.length === 0) return { outcome: "skipped", note: { code: "script_no_values", params: {} } };
    await ctx.writes.update(ctx.automation.object, [{ id: ctx.recordId, values: outcome.values }]);
    return { outcome: "done", note: { code: "script_set", params: { fields: names } } };
  },
};
