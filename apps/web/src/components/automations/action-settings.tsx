import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { AutomationActionKind } from "@keduo/core";
import { Button, Checkbox, Flex, Form, InputNumber, Select } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import {
  AssignOwnerSettings,
  ScriptSettings,
  WaitSettings,
  WebhookSettings,
} from "./more-action-settings.tsx";
import { usePhoneRow } from "./phone-row.ts";
import { RecipientInput } from "./recipient-input.tsx";
import { TemplateTextInput } from "./template-text-input.tsx";
import { ValueRowsInput } from "./value-rows-input.tsx";

/** What every kind's settings get: where the action sits in the form and the objects it reads and writes. */
interface SettingsProps {
  index: number;
  object: ObjectMeta;
  objects: ObjectMeta[];
}

const visible = (object: ObjectMeta | undefined) => (object?.fields ?? []).filter((f) => !f.hidden);

function TaskSettings({ index, object }: SettingsProps) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name={[index, "subject"]} label={t("automationActions.action.subject")}>
        <TemplateTextInput fields={visible(object)} testId={`action-${index}-subject`} />
      </Form.Item>
      <Form.Item name={[index, "assignee"]} label={t("automationActions.action.assignee")}>
        <RecipientInput object={object} testId={`action-${index}-assignee`} />
      </Form.Item>
      <Form.Item label={t("automationActions.action.dueIn")}>
        <Flex gap={12} align="center" wrap>
          <Form.Item name={[index, "due_in_days"]} noStyle>
            <InputNumber
              min={0}
              max={3650}
              style={{ width: 90 }}
              aria-label={t("automationActions.action.dueIn")}
            />
          </Form.Item>
          <span>{t("automationActions.action.dueDays")}</span>
          <Form.Item name={[index, "business_days"]} valuePropName="checked" noStyle>
            <Checkbox>{t("automationActions.action.businessDays")}</Checkbox>
          </Form.Item>
        </Flex>
      </Form.Item>
      <Form.Item name={[index, "description"]} label={t("automationActions.action.description")}>
        <TemplateTextInput fields={visible(object)} multiline testId={`action-${index}-description`} />
      </Form.Item>
    </>
  );
}

function NotifySettings({ index, object }: SettingsProps) {
  const { t } = useTranslation();
  const phoneRow = usePhoneRow();
  return (
    <>
      <Form.Item label={t("automationActions.action.recipients")} required>
        <Form.List name={[index, "recipients"]}>
          {(items, { add, remove }) => (
            <Flex vertical gap={8}>
              {items.map((item) => (
                <Flex key={item.key} gap={8} align="start" style={phoneRow}>
                  <Form.Item name={item.name} style={{ marginBottom: 0, flex: 1, minWidth: 0 }}>
                    <RecipientInput object={object} testId={`action-${index}-recipient-${item.name}`} />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t("common.remove")}
                    disabled={items.length === 1}
                    onClick={() => remove(item.name)}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ kind: "owner" })}
                style={{ alignSelf: "flex-start" }}
                data-testid={`action-${index}-add-recipient`}
              >
                {t("automationActions.action.addRecipient")}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form.Item>
      <Form.Item name={[index, "title"]} label={t("automationActions.action.title")} required>
        <TemplateTextInput fields={visible(object)} testId={`action-${index}-title`} />
      </Form.Item>
      <Form.Item name={[index, "body"]} label={t("automationActions.action.body")} required>
        <TemplateTextInput fields={visible(object)} multiline testId={`action-${index}-body`} />
      </Form.Item>
      <Form.Item name={[index, "email"]} valuePropName="checked" style={{ marginBottom: 0 }}>
        <Checkbox>{t("automationActions.action.email")}</Checkbox>
      </Form.Item>
    </>
  );
}

function EmailSettings({ index, object, objects }: SettingsProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const form = Form.useFormInstance();
  // The address is on this record, or on the one record a relation points at (an account's main contact).
  const via = Form.useWatch(["actions", index, "via"], form) as string | undefined;
  const relations = visible(object).filter(
    (f) => f.type === "relation" && f.config.relation?.cardinality !== "many_to_many",
  );
  const target = via
    ? objects.find((o) => o.api_name === relations.find((f) => f.api_name === via)?.config.relation?.target)
    : object;
  const emails = visible(target).filter((f) => f.type === "email");
  // "This record" is an option of its own (stored as no `via`), and each relation says what it points at:
  // "主要联系人（联系人）", so the admin sees whose address it is without knowing the relation.
  const sources = [
    { value: "", label: t("automationActions.action.emailViaSelf", { object: label(object.labels) }) },
    ...relations.map((f) => ({
      value: f.api_name,
      label: t("automationActions.action.emailViaRelation", {
        field: label(f.labels),
        object: label(objects.find((o) => o.api_name === f.config.relation?.target)?.labels),
      }),
    })),
  ];
  return (
    <>
      <Form.Item
        name={[index, "via"]}
        label={t("automationActions.action.emailVia")}
        getValueProps={(value) => ({ value: value ?? "" })}
        normalize={(value) => value || undefined}
      >
        <Select
          options={sources}
          onChange={() => form.setFieldValue(["actions", index, "to_field"], undefined)}
          data-testid={`action-${index}-via`}
        />
      </Form.Item>
      <Form.Item name={[index, "to_field"]} label={t("automationActions.action.toField")} required>
        <Select
          options={emails.map((f) => ({ value: f.api_name, label: label(f.labels) }))}
          notFoundContent={t("automationActions.action.noEmailField", { object: label(target?.labels) })}
          data-testid={`action-${index}-to-field`}
        />
      </Form.Item>
      <Form.Item name={[index, "subject"]} label={t("automationActions.action.emailSubject")} required>
        <TemplateTextInput fields={visible(object)} testId={`action-${index}-subject`} />
      </Form.Item>
      <Form.Item name={[index, "body"]} label={t("automationActions.action.emailBody")} required>
        <TemplateTextInput fields={visible(object)} multiline testId={`action-${index}-body`} />
      </Form.Item>
    </>
  );
}

function UpdateFieldsSettings({ index, object }: SettingsProps) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t("automationActions.action.values")} required>
      <ValueRowsInput
        name={[index, "values"]}
        listPath={["actions", index, "values"]}
        target={object}
        source={object}
        testId={`action-${index}-values`}
      />
    </Form.Item>
  );
}

function CreateRecordSettings({ index, object, objects }: SettingsProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const form = Form.useFormInstance();
  const targetName = Form.useWatch(["actions", index, "object"], form) as string | undefined;
  return (
    <>
      <Form.Item name={[index, "object"]} label={t("automationActions.action.object")} required>
        <Select
          showSearch={{ optionFilterProp: "label" }}
          options={objects.map((o) => ({ value: o.api_name, label: label(o.labels) }))}
          // Values set for another object's fields would not fit the new one.
          onChange={() => form.setFieldValue(["actions", index, "values"], [{ source: "copy" }])}
        />
      </Form.Item>
      <Form.Item label={t("automationActions.action.values")} required>
        <ValueRowsInput
          name={[index, "values"]}
          listPath={["actions", index, "values"]}
          target={objects.find((o) => o.api_name === targetName)}
          source={object}
          testId={`action-${index}-values`}
        />
      </Form.Item>
    </>
  );
}

const SETTINGS: Record<AutomationActionKind, (props: SettingsProps) => ReactNode> = {
  create_task: TaskSettings,
  notify: NotifySettings,
  send_email: EmailSettings,
  update_fields: UpdateFieldsSettings,
  create_record: CreateRecordSettings,
  assign_owner: AssignOwnerSettings,
  wait: WaitSettings,
  webhook: WebhookSettings,
  script: ScriptSettings,
};

/** The settings of one action card, by its kind. */
export function ActionSettings({ kind, ...props }: SettingsProps & { kind: AutomationActionKind }) {
  const Settings = SETTINGS[kind];
  return <Settings {...props} />;
}
