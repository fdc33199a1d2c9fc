import { Checkbox, Flex, Form, Input, InputNumber, Select, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { usePipelines } from "../../api/pipelines.queries.ts";
import type { FieldMeta, ObjectMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import type { TriggerForm } from "./automation-form.ts";

const DATE_TYPES = new Set(["date", "datetime"]);

function useFieldOptions(fields: FieldMeta[]) {
  const label = useLabel();
  return fields.map((f) => ({ value: f.api_name, label: label(f.labels) || f.api_name }));
}

/** The date and date-time fields: what a date offset or a recurrence counts from. */
const useDateFieldOptions = (fields: FieldMeta[]) =>
  useFieldOptions(fields.filter((f) => DATE_TYPES.has(f.type)));

function useOptionsOf(field: FieldMeta | undefined) {
  const label = useLabel();
  return (field?.config.options ?? []).map((o) => ({ value: o.value, label: label(o.labels) || o.value }));
}

function UpdatedSettings({ fields }: { fields: FieldMeta[] }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={["trigger", "fields"]}
      label={t("automations.trigger.fields")}
      extra={t("automations.trigger.fieldsHelp")}
    >
      <Select
        mode="multiple"
        allowClear
        options={useFieldOptions(fields)}
        showSearch={{ optionFilterProp: "label" }}
      />
    </Form.Item>
  );
}

function ChangedSettings({ fields, trigger }: { fields: FieldMeta[]; trigger: TriggerForm }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const options = useOptionsOf(fields.find((f) => f.api_name === trigger.field));
  const any = t("automations.trigger.anyValue");
  return (
    <Flex gap={12} wrap>
      <Form.Item
        name={["trigger", "field"]}
        label={t("automations.trigger.field")}
        required
        style={{ minWidth: 200, flex: 1 }}
      >
        <Select
          options={useFieldOptions(fields)}
          showSearch={{ optionFilterProp: "label" }}
          onChange={() => form.setFieldsValue({ trigger: { from: undefined, to: undefined } })}
          data-testid="trigger-field"
        />
      </Form.Item>
      {/* From and to are offered for fields with options (a stage, a status): "becomes Won". */}
      {options.length ? (
        <>
          <Form.Item
            name={["trigger", "from"]}
            label={t("automations.trigger.from")}
            style={{ minWidth: 150, flex: 1 }}
          >
            <Select allowClear placeholder={any} options={options} />
          </Form.Item>
          <Form.Item
            name={["trigger", "to"]}
            label={t("automations.trigger.to")}
            style={{ minWidth: 150, flex: 1 }}
          >
            <Select allowClear placeholder={any} options={options} />
          </Form.Item>
        </>
      ) : null}
    </Flex>
  );
}

function DateSettings({ fields }: { fields: FieldMeta[] }) {
  const { t } = useTranslation();
  const dates = useDateFieldOptions(fields);
  return (
    <>
      <Flex gap={12} wrap align="start">
        <Form.Item
          name={["trigger", "field"]}
          label={t("automations.trigger.dateField")}
          required
          style={{ minWidth: 180, flex: "0 1 240px" }}
        >
          <Select options={dates} data-testid="trigger-date-field" />
        </Form.Item>
        {/* Read as one phrase: "90 days before" (结束日期 · 90 天 之前). */}
        <Form.Item label={t("automations.trigger.offset")} extra={t("automations.trigger.businessDaysHelp")}>
          <Space.Compact>
            <Form.Item name={["trigger", "offset"]} noStyle>
              <InputNumber
                min={0}
                max={3650}
                style={{ width: 80 }}
                aria-label={t("automations.trigger.offset")}
                data-testid="trigger-offset"
              />
            </Form.Item>
            <Form.Item name={["trigger", "unit"]} noStyle>
              <Select
                style={{ width: 120 }}
                options={[
                  { value: "days", label: t("automations.trigger.days") },
                  { value: "business_days", label: t("automations.trigger.businessDays") },
                ]}
              />
            </Form.Item>
            <Form.Item name={["trigger", "direction"]} noStyle>
              <Select
                style={{ width: 90 }}
                options={[
                  { value: "before", label: t("automations.trigger.before") },
                  { value: "after", label: t("automations.trigger.after") },
                ]}
              />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      </Flex>
      <Flex gap={16} wrap align="start">
        <Form.Item name={["trigger", "yearly"]} valuePropName="checked">
          <Checkbox>{t("automations.trigger.yearly")}</Checkbox>
        </Form.Item>
        <Form.Item
          name={["trigger", "late_days"]}
          label={t("automations.trigger.lateDays")}
          extra={t("automations.trigger.lateDaysHelp")}
          style={{ flex: 1, minWidth: 240, maxWidth: 480 }}
        >
          <InputNumber min={0} max={365} style={{ width: 100 }} />
        </Form.Item>
      </Flex>
    </>
  );
}

function StagnationSettings({ object, trigger }: { object: ObjectMeta; trigger: TriggerForm }) {
  const { t } = useTranslation();
  const pipelines = usePipelines(object.api_name);
  const stageField = object.fields.find((f) => f.api_name === pipelines.data?.[0]?.stage_field);
  const stages = useOptionsOf(stageField);
  return (
    <Flex gap={12} wrap align="start">
      <Form.Item
        name={["trigger", "days"]}
        label={t("automations.trigger.stagnantDays")}
        required
        style={{ width: 110 }}
      >
        <InputNumber min={1} max={3650} style={{ width: "100%" }} />
      </Form.Item>
      <Form.Item
        name={["trigger", "measure"]}
        label={t("automations.trigger.measure")}
        style={{ minWidth: 180 }}
      >
        <Select
          options={[
            { value: "no_update", label: t("automations.trigger.noUpdate") },
            // Stays per stage exist only for objects with a pipeline.
            ...(stageField
              ? [{ value: "no_stage_change", label: t("automations.trigger.noStageChange") }]
              : []),
          ]}
        />
      </Form.Item>
      {stageField && trigger.measure === "no_stage_change" ? (
        <Form.Item
          name={["trigger", "stages"]}
          label={t("automations.trigger.stages")}
          extra={t("automations.trigger.stagesHelp")}
          style={{ minWidth: 220, flex: 1 }}
        >
          <Select mode="multiple" allowClear options={stages} />
        </Form.Item>
      ) : null}
    </Flex>
  );
}

function RecurringSettings({ fields }: { fields: FieldMeta[] }) {
  const { t } = useTranslation();
  const dates = useDateFieldOptions(fields);
  return (
    <Flex gap={12} wrap align="start">
      <Form.Item
        name={["trigger", "every_months"]}
        label={t("automations.trigger.everyMonths")}
        required
        style={{ width: 130 }}
      >
        <InputNumber min={1} max={120} style={{ width: "100%" }} />
      </Form.Item>
      <Form.Item
        name={["trigger", "anchor_field"]}
        label={t("automations.trigger.anchor")}
        style={{ minWidth: 200 }}
      >
        <Select allowClear placeholder={t("automations.trigger.anchorDefault")} options={dates} />
      </Form.Item>
    </Flex>
  );
}

/** A cron expression, with what it means in the help text (the server checks it when saved). */
function ScheduleSettings() {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={["trigger", "cron"]}
      label={t("automations.trigger.cron")}
      extra={t("automations.trigger.cronHelp")}
      required
      style={{ maxWidth: 560 }}
    >
      <Input placeholder="0 9 * * 1" style={{ fontFamily: "monospace", maxWidth: 360 }} />
    </Form.Item>
  );
}

/** The secret address another system calls, once the server has made its token (on the first save). */
function HookSettings({ token }: { token: string | undefined }) {
  const { t } = useTranslation();
  if (!token)
    return <Typography.Text type="secondary">{t("automations.trigger.hookAfterSave")}</Typography.Text>;
  return (
    <Form.Item label={t("automations.trigger.hookUrl")} extra={t("automations.trigger.hookUrlHelp")}>
      <Typography.Text copyable code style={{ wordBreak: "break-all" }}>
        {`${window.location.origin}/api/hooks/automations/${token}`}
      </Typography.Text>
    </Form.Item>
  );
}

/** The settings of the chosen trigger kind (none for created and deleted). */
export function TriggerSettings({
  object,
  trigger,
}: {
  object: ObjectMeta;
  trigger: TriggerForm | undefined;
}) {
  const fields = object.fields.filter((f) => !f.hidden);
  switch (trigger?.kind) {
    case "record_updated":
      return <UpdatedSettings fields={fields} />;
    case "field_changed":
      return <ChangedSettings fields={fields} trigger={trigger} />;
    case "date_relative":
      return <DateSettings fields={fields} />;
    case "stagnation":
      return <StagnationSettings object={object} trigger={trigger} />;
    case "recurring":
      return <RecurringSettings fields={fields} />;
    case "schedule":
      return <ScheduleSettings />;
    case "inbound_webhook":
      return <HookSettings token={trigger.token} />;
    default:
      return null;
  }
}
