import { CheckOutlined, CloseOutlined, EditOutlined } from "@ant-design/icons";
import { App, Button, Flex, Form } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../api/problem.ts";
import { updateRecord } from "../api/records.queries.ts";
import type { FieldMeta, ObjectMeta, RecordData } from "../api/types.ts";
import { useLabel } from "../i18n/index.ts";
import { isEditable } from "../lib/metadata.ts";
import { toFormValue } from "../lib/record-values.ts";
import { problemMessage } from "./error-result.tsx";
import { FieldInput } from "./field-input.tsx";
import { FieldValue, type ValueContext } from "./field-value.tsx";

/** One field of a record page, editable in place: saves just this field with the record's version. */
export function InlineField({
  object,
  field,
  record,
  context,
  onSaved,
  onConflict,
}: {
  object: ObjectMeta;
  field: FieldMeta;
  record: RecordData;
  context: ValueContext;
  onSaved: () => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const value = record[field.api_name];

  if (!editing) {
    return (
      <Flex align="flex-start" gap={4} className="inline-field">
        <div style={{ flex: 1, minWidth: 0 }}>
          <FieldValue field={field} value={value} context={context} />
        </div>
        {isEditable(field) ? (
          <Button
            type="text"
            size="small"
            icon={<EditOutlined />}
            aria-label={t("record.editField", { field: label(field.labels) })}
            onClick={() => {
              form.setFieldsValue({ [field.api_name]: toFormValue(field, value) });
              setEditing(true);
            }}
            data-testid={`inline-edit-${field.api_name}`}
          />
        ) : null}
      </Flex>
    );
  }

  const save = async () => {
    const next = form.getFieldValue(field.api_name);
    setSaving(true);
    try {
      await updateRecord(object.api_name, record.id, record.version, {
        [field.api_name]: next === "" || (Array.isArray(next) && next.length === 0) ? null : (next ?? null),
      });
      message.success(t("common.saved"));
      setEditing(false);
      onSaved();
    } catch (error) {
      if (isProblem(error) && error.code === "RECORD_VERSION_CONFLICT") {
        modal.confirm({
          title: t("errors.conflictTitle"),
          content: t("errors.conflictDetail", {
            yours: record.version,
            current: Number(error.body.current_version ?? 0),
          }),
          okText: t("errors.conflictReload"),
          cancelText: t("common.cancel"),
          // The edit box stays open with the typed value while the record underneath reloads.
          onOk: () => onConflict(),
        });
      } else if (isProblem(error) && error.errors.length) {
        form.setFields([{ name: field.api_name, errors: error.errors.map((e) => e.message) }]);
      } else {
        form.setFields([{ name: field.api_name, errors: [problemMessage(error, t)] }]);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form form={form} onFinish={save} disabled={saving} component="div">
      <Flex gap={4} align="flex-start">
        <Form.Item name={field.api_name} style={{ flex: 1, marginBottom: 0, minWidth: 0 }}>
          <FieldInput field={field} />
        </Form.Item>
        <Button
          type="primary"
          size="small"
          icon={<CheckOutlined />}
          loading={saving}
          onClick={() => void save()}
          aria-label={t("common.save")}
          data-testid={`inline-save-${field.api_name}`}
        />
        <Button
          size="small"
          icon={<CloseOutlined />}
          onClick={() => setEditing(false)}
          aria-label={t("common.cancel")}
        />
      </Flex>
    </Form>
  );
}
