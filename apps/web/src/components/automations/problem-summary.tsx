import type { AutomationActionKind } from "@keduo/core";
import { Alert } from "antd";
import type { TFunction } from "i18next";
import { forwardRef } from "react";
import { useTranslation } from "react-i18next";
import type { FieldProblem } from "../../api/problem.ts";
import type { AutomationFormValues } from "./automation-form.ts";

type InputName =
  | "subject"
  | "assignee"
  | "dueIn"
  | "waitDays"
  | "description"
  | "recipients"
  | "title"
  | "body"
  | "toField"
  | "emailSubject"
  | "emailBody"
  | "emailVia"
  | "values"
  | "object"
  | "url"
  | "secret"
  | "source";

// The label of the input a problem of an action is about, by the action's kind and the key in its path.
const INPUTS: Record<AutomationActionKind, Record<string, InputName>> = {
  create_task: { subject: "subject", assignee: "assignee", due_in_days: "dueIn", description: "description" },
  notify: { recipients: "recipients", title: "title", body: "body" },
  send_email: { via: "emailVia", to_field: "toField", subject: "emailSubject", body: "emailBody" },
  update_fields: { values: "values" },
  create_record: { object: "object", values: "values" },
  assign_owner: {},
  wait: { days: "waitDays" },
  webhook: { url: "url", secret: "secret" },
  script: { source: "source" },
};

/** Where in the editor a problem is, in words: "第 2 步（发送通知）· 内容", "触发". */
function placeOf(t: TFunction, field: string, values: AutomationFormValues): string {
  const [head, index, key] = field.split(".");
  if (head === "actions" && index !== undefined && /^\d+$/.test(index)) {
    const kind = values.actions?.[Number(index)]?.kind;
    const step = t("automations.places.action", {
      n: Number(index) + 1,
      kind: kind ? t(`automationActions.kinds.${kind}`) : "",
    });
    const input = kind && key ? INPUTS[kind][key] : undefined;
    return input ? `${step} · ${t(`automationActions.action.${input}`)}` : step;
  }
  switch (head) {
    case "labels":
    case "api_name":
    case "object":
    case "trigger":
    case "condition":
    case "actions":
    case "run_as":
      return t(`automations.places.${head}`);
    default:
      return "";
  }
}

/**
 * Every problem of a refused save at the top of the form, each with where it is (the same messages also stand
 * under their inputs), so a long form with one problem far below still says so where the eye is.
 */
export const ProblemSummary = forwardRef<
  HTMLDivElement,
  { problems: FieldProblem[]; values: AutomationFormValues }
>(function ProblemSummary({ problems, values }, ref) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <div ref={ref}>
      <Alert
        type="error"
        showIcon
        data-testid="automation-problems"
        message={t("automations.editor.problems", { count: problems.length })}
        description={
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {problems.map((problem, i) => {
              const place = placeOf(t, problem.field, values);
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: two problems may share field and message.
                <li key={i}>
                  {place
                    ? t("automations.places.with", { place, message: problem.message })
                    : problem.message}
                </li>
              );
            })}
          </ul>
        }
      />
    </div>
  );
});
