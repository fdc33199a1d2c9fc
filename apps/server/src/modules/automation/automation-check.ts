import {
  type AutomationDefinition,
  type FieldIssue,
  isValidApiName,
  type ObjectDefinition,
  type RunAs,
} from "@keduo/core";
import { checkAction } from "./actions/index.ts";
import { type CheckContext, DefinitionChecker } from "./definition-checker.ts";
import { checkCondition, checkTrigger } from "./trigger-check.ts";

export type { CheckContext } from "./definition-checker.ts";

/** What a client sends to create or change an automation; absent parts keep the stored (or default) value. */
export type AutomationInput = Partial<AutomationDefinition>;

function checkRunAs(check: DefinitionChecker, value: unknown): RunAs {
  const runAs = (value ?? { kind: "system" }) as RunAs;
  if (runAs.kind === "user") {
    if (typeof runAs.user !== "string" || !/^[0-9a-f-]{36}$/i.test(runAs.user))
      check.problem("run_as.user", "required");
    return { kind: "user", user: runAs.user };
  }
  if (runAs.kind !== "system")
    check.problem("run_as.kind", "invalid_option", { value: String((runAs as { kind?: unknown }).kind) });
  return { kind: "system" };
}

/**
 * Applies the input over the stored automation (or the defaults) and checks it against the object's fields,
 * reporting every problem at once with its path (`actions.2.recipients.0.field`).
 */
export function resolveAutomation(
  context: CheckContext,
  object: ObjectDefinition,
  input: AutomationInput,
  base: AutomationDefinition | null,
  issues: FieldIssue[],
): AutomationDefinition {
  const check = new DefinitionChecker(context, object);
  const apiName = base?.api_name ?? input.api_name ?? "";
  if (!base && !isValidApiName(apiName)) check.problem("api_name", "invalid_api_name");
  const trigger = checkTrigger(check, input.trigger ?? base?.trigger);
  const actionsInput = input.actions ?? base?.actions ?? [];
  if (!Array.isArray(actionsInput) || actionsInput.length === 0) check.problem("actions", "required");
  if (Array.isArray(actionsInput) && actionsInput.length > 20)
    check.problem("actions", "too_many", { max: 20 });
  const definition: AutomationDefinition = {
    api_name: apiName,
    object: object.apiName,
    labels: check.text("labels", input.labels ?? base?.labels),
    description:
      (input.description ?? base?.description)
        ? check.text("description", input.description ?? base?.description)
        : null,
    enabled: input.enabled ?? base?.enabled ?? false,
    trigger,
    condition: checkCondition(
      check,
      input.condition === undefined ? base?.condition : input.condition,
      trigger,
    ),
    actions: Array.isArray(actionsInput)
      ? actionsInput.map((a: unknown, i) => checkAction(check, `actions.${i}`, a))
      : [],
    run_as: checkRunAs(check, input.run_as ?? base?.run_as),
  };
  issues.push(...check.issues);
  return definition;
}
