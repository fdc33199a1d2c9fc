import type { Automation } from "@keduo/core";
import { describe, expect, it } from "vitest";
import {
  type AutomationFormValues,
  automationFromForm,
  automationToForm,
  defaultTrigger,
  newAutomationValues,
  toFormProblem,
} from "./automation-form.ts";

const renewal: Automation = {
  id: "0190a000-0000-7000-8000-000000000001",
  version: 3,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-02T00:00:00.000Z",
  api_name: "renewal_90_days",
  object: "contract",
  labels: { "zh-CN": "合同到期前 90 天", en: "90 days before the end" },
  description: null,
  enabled: true,
  trigger: {
    kind: "date_relative",
    field: "end_date",
    offset: -90,
    unit: "business_days",
    yearly: false,
    late_days: 7,
  },
  condition: 'status = "active"',
  actions: [
    {
      kind: "create_record",
      object: "opportunity",
      values: {
        name: { text: "续约：{{name}}" },
        stage: { value: "qualify" },
        amount: { copy: "amount" },
        close_date: { formula: "end_date" },
      },
    },
  ],
  run_as: { kind: "system" },
};

const { id: _id, version: _version, created_at: _created, updated_at: _updated, ...definition } = renewal;

describe("automation form values", () => {
  it("shows a negative offset as days before, and saves it back as it was", () => {
    const form = automationToForm(renewal);
    expect(form.trigger).toMatchObject({ direction: "before", offset: 90, unit: "business_days" });
    expect(automationFromForm(form)).toEqual(definition);
  });

  it("edits field values as rows in their order and writes them back as a map", () => {
    const form = automationToForm(renewal);
    const action = form.actions[0];
    expect(action?.kind === "create_record" && action.values.map((row) => [row.field, row.source])).toEqual([
      ["name", "text"],
      ["stage", "value"],
      ["amount", "copy"],
      ["close_date", "formula"],
    ]);
  });

  it("sends only the chosen trigger's settings: any value for an empty from/to, no stages without stage changes", () => {
    const values = newAutomationValues("opportunity");
    const changed = automationFromForm({
      ...values,
      trigger: { kind: "field_changed", field: "stage", to: "won" },
    });
    expect(changed.trigger).toEqual({ kind: "field_changed", field: "stage", to: "won" });
    const stagnant = automationFromForm({
      ...values,
      trigger: { ...defaultTrigger("stagnation"), stages: ["proposal"] },
    });
    expect(stagnant.trigger).toEqual({ kind: "stagnation", days: 7, measure: "no_update" });
  });

  it("leaves out an optional task description or webhook secret that was left empty", () => {
    const values = newAutomationValues("lead");
    const saved = automationFromForm({
      ...values,
      actions: [
        {
          kind: "create_task",
          subject: { "zh-CN": "首次联系", en: "" },
          assignee: { kind: "owner" },
          due_in_days: 1,
          business_days: false,
          description: { "zh-CN": " ", en: "" },
        },
        { kind: "webhook", url: "https://example.com/hook", secret: "" },
      ],
    });
    expect(saved.actions.map((action) => Object.keys(action).sort())).toEqual([
      ["assignee", "business_days", "due_in_days", "kind", "subject"],
      ["kind", "url"],
    ]);
  });

  it("saves an empty condition as none (always)", () => {
    const values: AutomationFormValues = { ...newAutomationValues("ticket"), condition: "  " };
    expect(automationFromForm(values).condition).toBeNull();
  });
});

describe("server problems on the form", () => {
  const form = automationToForm(renewal);
  const problem = (field: string, code = "required") => ({ field, code, message: "m" });

  it("puts a value's problem under its row's input", () => {
    expect(
      toFormProblem(problem("actions.0.values.close_date.formula", "formula_unknown_name"), form).field,
    ).toBe("actions.0.values.3.input");
    expect(toFormProblem(problem("actions.0.values.amount"), form).field).toBe("actions.0.values.2.input");
  });

  it("puts an unknown field under the row's field picker, and a row it cannot find on the list", () => {
    expect(toFormProblem(problem("actions.0.values.stage", "unknown_field"), form).field).toBe(
      "actions.0.values.1.field",
    );
    expect(toFormProblem(problem("actions.0.values.gone", "unknown_field"), form).field).toBe(
      "actions.0.values",
    );
  });

  it("keeps every other path, which is already a form path", () => {
    expect(toFormProblem(problem("actions.0.recipients.1.role", "unknown_role"), form).field).toBe(
      "actions.0.recipients.1.role",
    );
    expect(toFormProblem(problem("trigger.offset", "out_of_range"), form).field).toBe("trigger.offset");
  });
});
