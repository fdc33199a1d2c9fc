import type { AutomationAction, AutomationActionKind } from "@keduo/core";
import type { DefinitionChecker } from "../definition-checker.ts";
import type { ActionContext, ActionKind, ActionOf, ActionResult } from "./action-kind.ts";
import { assignOwner } from "./assign-owner.ts";
import { createTask } from "./create-task.ts";
import { notify } from "./notify.ts";
import { createRecord, updateFields } from "./record-values.ts";
import { script } from "./script.ts";
import { sendEmail } from "./send-email.ts";
import { wait } from "./wait.ts";
import { webhook } from "./webhook.ts";

export type { ActionContext, ActionResult } from "./action-kind.ts";
export { TASK_OBJECT } from "./create-task.ts";

/** Every kind of action: the mapped type makes a kind without its implementation a compile error. */
const ACTION_KINDS: { [K in AutomationActionKind]: ActionKind<K> } = {
  create_task: createTask,
  notify,
  send_email: sendEmail,
  update_fields: updateFields,
  create_record: createRecord,
  webhook,
  script,
  assign_owner: assignOwner,
  wait,
};

const kindOf = (kind: unknown): ActionKind<AutomationActionKind> | undefined =>
  typeof kind === "string" && Object.hasOwn(ACTION_KINDS, kind)
    ? (ACTION_KINDS[kind as AutomationActionKind] as ActionKind<AutomationActionKind>)
    : undefined;

/** One action of a definition as stored, checked by its kind. */
export function checkAction(check: DefinitionChecker, path: string, value: unknown): AutomationAction {
  const action = (typeof value === "object" && value !== null ? value : {}) as ActionOf<AutomationActionKind>;
  const kind = kindOf(action.kind);
  if (!kind) {
    check.problem(`${path}.kind`, "invalid_option", { value: String(action.kind) });
    return { kind: "update_fields", values: {} };
  }
  return kind.check(check, path, action);
}

export function runAction(ctx: ActionContext, action: AutomationAction): Promise<ActionResult> {
  const kind = kindOf(action.kind);
  if (!kind) throw new Error(`unknown action kind ${action.kind}`);
  return kind.run(ctx, action);
}
