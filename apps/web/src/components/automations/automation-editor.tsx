import { SaveOutlined } from "@ant-design/icons";
import { TIMED_TRIGGERS } from "@keduo/core";
import { App, Button, Card, Flex, Form, type FormInstance } from "antd";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { type Automation, useAutomations, useSaveAutomation } from "../../api/automations.queries.ts";
import { type FieldProblem, isProblem, ProblemError } from "../../api/problem.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { applyProblems, suggestApiName } from "../../pages/admin/form-problems.ts";
import { problemMessage } from "../error-result.tsx";
import { FormulaInput } from "../formula-input.tsx";
import { LeaveModal, useLeaveGuard } from "../leave-guard.tsx";
import { ActionList } from "./action-list.tsx";
import { AutomationBasics } from "./automation-basics.tsx";
import {
  type AutomationFormValues,
  automationFromForm,
  automationToForm,
  defaultTrigger,
  newAutomationValues,
  toFormProblem,
} from "./automation-form.ts";
import { AutomationPreviewButton } from "./automation-preview.tsx";
import { AutomationTestButton } from "./automation-test.tsx";
import { ProblemSummary } from "./problem-summary.tsx";
import { RunAsInput } from "./run-as-input.tsx";
import type { TrialSnapshot } from "./trial-snapshot.ts";
import { TriggerPicker } from "./trigger-picker.tsx";
import { TriggerSettings } from "./trigger-settings.tsx";

const RECORD_TRIGGERS = new Set(["record_created", "record_updated", "record_deleted", "field_changed"]);
const TIMED = new Set<string>(TIMED_TRIGGERS);

/** A new automation's API name when none was typed: from the English name, else the trigger, made unique. */
function apiNameFor(values: AutomationFormValues, taken: Set<string>): string {
  const typed = values.api_name?.trim();
  if (typed) return typed;
  const base = suggestApiName(values.labels?.en ?? "") || values.trigger.kind;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

/**
 * The automation form: when (trigger), only if (condition), then (actions), as whom. The server judges the
 * whole definition on save; its problems stand under their inputs and in a summary at the top, and the form
 * keeps everything typed.
 */
export function AutomationEditor({
  automation,
  object: initialObject,
  objects,
}: {
  automation?: Automation;
  object: string;
  objects: ObjectMeta[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<AutomationFormValues>();
  const [initialValues] = useState(() =>
    automation ? automationToForm(automation) : newAutomationValues(initialObject),
  );
  const save = useSaveAutomation();
  // The problems of the last refused save, with the values they were about (to name "step 2 (notify)").
  const [refused, setRefused] = useState<{ problems: FieldProblem[]; values: AutomationFormValues } | null>(
    null,
  );
  const summary = useRef<HTMLDivElement>(null);
  const { setDirty, blocker } = useLeaveGuard();
  const objectName = (Form.useWatch("object", form) as string | undefined) ?? initialValues.object;
  // `preserve`: the inbound webhook's token has no input of its own, and only inputs are watched otherwise
  // (the address to copy never showed).
  const trigger = Form.useWatch("trigger", { form, preserve: true }) ?? initialValues.trigger;
  const watched = Form.useWatch([], form) as AutomationFormValues | undefined;
  const siblings = useAutomations(objectName);
  const taken = new Set((siblings.data ?? []).map((a) => a.api_name));
  const object = objects.find((o) => o.api_name === objectName);
  const values = { ...initialValues, ...watched };
  const apiName = automation?.api_name ?? apiNameFor(values, taken);

  const onValuesChange = (changed: Partial<AutomationFormValues>) => {
    setDirty(true);
    if (changed.trigger?.kind) form.setFieldValue("trigger", defaultTrigger(changed.trigger.kind));
    // Another object has other fields: what was set up for the first one would not fit.
    if (changed.object) {
      const fresh = newAutomationValues(changed.object);
      form.setFieldsValue({ trigger: fresh.trigger, condition: "", actions: fresh.actions });
    }
  };

  const showProblems = (error: unknown, current: AutomationFormValues) => {
    const general = (code: string) => [{ field: "", code, message: problemMessage(error, t) }];
    if (!isProblem(error)) return setRefused({ problems: general(""), values: current });
    const mapped =
      error.code === "AUTOMATION_NAME_TAKEN"
        ? [{ field: "api_name", code: error.code, message: error.detail }]
        : error.errors.map((problem) => toFormProblem(problem, current));
    applyProblems(form, new ProblemError(error.status, { ...error.body, errors: mapped }));
    setRefused({ problems: mapped.length ? mapped : general(error.code), values: current });
    requestAnimationFrame(() => summary.current?.scrollIntoView({ block: "nearest", behavior: "smooth" }));
  };

  /** The form as it stands, as the API's definition; the last refusal's marks are cleared. */
  const snapshot = (): TrialSnapshot => {
    const current = form.getFieldsValue(true) as AutomationFormValues;
    // Names read back from the form itself: the untyped instance takes them as they are.
    (form as FormInstance).setFields(form.getFieldsError().map(({ name }) => ({ name, errors: [] })));
    setRefused(null);
    const definition = automationFromForm({
      ...current,
      api_name: automation?.api_name ?? apiNameFor(current, taken),
    });
    return { definition, values: current };
  };

  const submit = async () => {
    const { definition, values: current } = snapshot();
    // What names an automation is fixed once it exists; its description is not edited here and stays.
    const { object: _object, api_name: _name, description: _description, ...change } = definition;
    try {
      const saved = await save.mutateAsync(automation ? { id: automation.id, change } : { definition });
      setDirty(false);
      message.success(t(automation ? "automations.editor.saved" : "automations.editor.created"));
      if (!automation) {
        navigate(`/admin/automations/${saved.id}`, { replace: true });
        // The saved automation opens as from the list: at its top, not where the save button was.
        window.scrollTo({ top: 0 });
      }
    } catch (error) {
      showProblems(error, current);
    }
  };

  const isRecordTrigger = RECORD_TRIGGERS.has(trigger.kind);
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={onValuesChange}
      onFinish={submit}
      data-testid="automation-form"
    >
      <Flex vertical gap={16}>
        {refused ? (
          <ProblemSummary ref={summary} problems={refused.problems} values={refused.values} />
        ) : null}
        <Card size="small" title={t("automations.sections.basics")}>
          <AutomationBasics objects={objects} isNew={!automation} apiName={apiName} />
        </Card>
        {object ? (
          <>
            <Card size="small" title={`① ${t("automations.sections.when")}`} data-testid="automation-trigger">
              <Form.Item name={["trigger", "kind"]}>
                <TriggerPicker />
              </Form.Item>
              <TriggerSettings object={object} trigger={trigger} />
            </Card>
            <Card size="small" title={`② ${t("automations.sections.condition")}`}>
              <Form.Item
                name="condition"
                label={t("automations.condition.label")}
                extra={t("automations.condition.help")}
                style={{ marginBottom: 0 }}
              >
                <FormulaInput
                  object={object.api_name}
                  expect="boolean"
                  writeContext={isRecordTrigger}
                  placeholder={t("automations.condition.placeholder")}
                  testId="automation-condition"
                />
              </Form.Item>
            </Card>
            <Card size="small" title={`③ ${t("automations.sections.actions")}`}>
              <ActionList object={object} objects={objects} />
            </Card>
            <Card size="small" title={t("automations.sections.runAs")}>
              <Form.Item name="run_as" style={{ marginBottom: 0 }}>
                <RunAsInput />
              </Form.Item>
            </Card>
          </>
        ) : null}
        <Flex justify="flex-end" gap={8} wrap>
          {object && TIMED.has(trigger.kind) ? (
            <AutomationPreviewButton
              object={object}
              objects={objects}
              automationId={automation?.id}
              snapshot={snapshot}
              onRefused={showProblems}
            />
          ) : null}
          {object ? (
            <AutomationTestButton
              object={object}
              automationId={automation?.id}
              snapshot={snapshot}
              onRefused={showProblems}
            />
          ) : null}
          <Button
            type="primary"
            htmlType="submit"
            icon={<SaveOutlined />}
            loading={save.isPending}
            data-testid="automation-save"
          >
            {t("automations.editor.save")}
          </Button>
        </Flex>
      </Flex>
      <LeaveModal blocker={blocker} />
    </Form>
  );
}
