import type { TimelineSource } from "@keduo/core";
import { Alert, App, Button, Drawer, Flex, Form, Input, Modal, Segmented, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../api/problem.ts";
import { createRecord } from "../../api/records.queries.ts";
import type { FieldMeta, ObjectMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { isEditable, visibleFields } from "../../lib/metadata.ts";
import { createPayload } from "../../lib/record-values.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { problemMessage } from "../error-result.tsx";
import { FieldInput } from "../field-input.tsx";
import { splitFieldProblems } from "../record-form.tsx";

export type RecordsSource = Extract<TimelineSource, { kind: "records" }>;

const pad = (n: number) => String(n).padStart(2, "0");
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** The fields the quick form asks for: the type, the title, when, any other required field, one note. */
export function logFields(object: ObjectMeta, source: RecordsSource) {
  const fields = visibleFields(object).filter(isEditable);
  const find = (name: string | undefined) => fields.find((f) => f.api_name === name);
  const type = find(source.type);
  const title = find(source.title);
  const at = find(source.at);
  const taken = new Set([source.via, source.type, source.title, source.at]);
  const required = fields.filter(
    (f) => f.required && !taken.has(f.api_name) && (f.default === null || f.default === undefined),
  );
  const note = fields.find((f) => f.type === "long_text" && !taken.has(f.api_name) && !f.required);
  return { type, title, at, required, note };
}

/** Whether the source's object has a "call" type: the quick action is then "log a call". */
export function logsCalls(object: ObjectMeta, source: RecordsSource): boolean {
  return Boolean(logFields(object, source).type?.config.options?.some((o) => o.value === "call"));
}

/**
 * "Log a call" in ten seconds: one small form (type preset to call, time preset to now, the subject focused),
 * saved in one step as a record of the timeline's first source object linked to this record.
 */
export function LogActivity({
  open,
  object,
  source,
  recordId,
  recordTitle,
  onClose,
  onSaved,
}: {
  open: boolean;
  object: ObjectMeta;
  source: RecordsSource;
  recordId: string;
  recordTitle: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const parts = useMemo(() => logFields(object, source), [object, source]);
  const used = [parts.type, parts.title, parts.at, ...parts.required, parts.note].filter(
    (f): f is FieldMeta => Boolean(f),
  );
  const options = parts.type?.config.options ?? [];
  const initialValues = useMemo(
    () => ({
      ...(parts.type
        ? { [parts.type.api_name]: options.some((o) => o.value === "call") ? "call" : parts.type.default }
        : {}),
      ...(parts.at
        ? { [parts.at.api_name]: parts.at.type === "date" ? today() : new Date().toISOString() }
        : {}),
    }),
    [parts, options],
  );
  const heading = logsCalls(object, source)
    ? t("overview.logCall")
    : t("overview.logActivity", { object: label(object.labels) });

  const save = async () => {
    const values = form.getFieldsValue(true) as Record<string, unknown>;
    setSaving(true);
    setProblems([]);
    try {
      await createRecord(object.api_name, { ...createPayload(used, values), [source.via]: recordId });
      message.success(t("overview.logged"));
      form.resetFields();
      onSaved();
    } catch (caught) {
      if (isProblem(caught) && caught.errors.length > 0) {
        const { byField, general } = splitFieldProblems(caught, new Set(used.map((f) => f.api_name)));
        form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
        setProblems(general);
      } else setProblems([problemMessage(caught, t)]);
    } finally {
      setSaving(false);
    }
  };

  const body = (
    <Form
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={save}
      disabled={saving}
      noValidate
      data-testid="log-activity-form"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t("overview.linkedTo")} <Typography.Text strong>{recordTitle}</Typography.Text>
      </Typography.Paragraph>
      {problems.length ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("overview.saveFailed")}
          description={problems.map((p) => <div key={p}>{p}</div>)}
          data-testid="log-error"
        />
      ) : null}
      {parts.title ? (
        <Form.Item
          name={parts.title.api_name}
          label={label(parts.title.labels)}
          required
          rules={[
            {
              required: true,
              whitespace: true,
              message: t("overview.required", { field: label(parts.title.labels) }),
            },
          ]}
        >
          <Input
            autoFocus
            maxLength={200}
            placeholder={t("overview.subjectPlaceholder")}
            data-testid="log-title"
          />
        </Form.Item>
      ) : null}
      {parts.type && options.length > 0 && options.length <= 6 ? (
        <Form.Item name={parts.type.api_name} label={label(parts.type.labels)} required={parts.type.required}>
          <Segmented
            block={isPhone}
            options={options.map((o) => ({ value: o.value, label: label(o.labels) }))}
            data-testid="log-type"
          />
        </Form.Item>
      ) : parts.type ? (
        <Form.Item name={parts.type.api_name} label={label(parts.type.labels)} required={parts.type.required}>
          <FieldInput field={parts.type} />
        </Form.Item>
      ) : null}
      {parts.at ? (
        <Form.Item name={parts.at.api_name} label={label(parts.at.labels)}>
          <FieldInput field={parts.at} />
        </Form.Item>
      ) : null}
      {parts.required.map((field) => (
        <Form.Item key={field.api_name} name={field.api_name} label={label(field.labels)} required>
          <FieldInput field={field} />
        </Form.Item>
      ))}
      {parts.note ? (
        <Form.Item name={parts.note.api_name} label={label(parts.note.labels)}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} data-testid="log-note" />
        </Form.Item>
      ) : null}
      <Flex justify="flex-end" gap={8}>
        <Button onClick={onClose} disabled={false}>
          {t("common.cancel")}
        </Button>
        <Button type="primary" htmlType="submit" loading={saving} block={isPhone} data-testid="log-save">
          {t("common.save")}
        </Button>
      </Flex>
    </Form>
  );

  return isPhone ? (
    <Drawer
      open={open}
      onClose={onClose}
      placement="bottom"
      size="auto"
      title={heading}
      destroyOnHidden
      styles={{ body: { paddingBottom: 24 } }}
    >
      {body}
    </Drawer>
  ) : (
    <Modal open={open} onCancel={onClose} title={heading} footer={null} destroyOnHidden width={520}>
      {body}
    </Modal>
  );
}
