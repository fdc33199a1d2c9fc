import { CheckOutlined, CloseOutlined, EditOutlined } from "@ant-design/icons";
import { Button, Flex, Form } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldMeta, ObjectMeta, RecordData } from "../api/types.ts";
import { useLabel } from "../i18n/index.ts";
import { isEditable } from "../lib/metadata.ts";
import { toFormValue } from "../lib/record-values.ts";
import { FieldInput } from "./field-input.tsx";
import { FieldValue, type ValueContext } from "./field-value.tsx";
import { useInlineSave } from "./use-inline-save.ts";

/** One field of a record page, editable in place (saving as use-inline-save.ts says). */
export function InlineField({
  object,
  field,
  record,
  context,
  onSaved,
  onConflict,
  readOnly,
}: {
  object: ObjectMeta;
  field: FieldMeta;
  record: RecordData;
  context: ValueContext;
  onSaved: () => void;
  onConflict: () => void;
  /** The user may not edit this record: the value only. */
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm();
  const value = record[field.api_name];
  const { save, saving, onKeyDown } = useInlineSave({
    object,
    field,
    record,
    form,
    onClose: () => setEditing(false),
    onSaved: () => onSaved(),
    onConflict,
  });

  if (!editing) {
    return (
      <Flex align="flex-start" gap={4} className="inline-field">
        <div style={{ flex: 1, minWidth: 0 }}>
          <FieldValue field={field} value={value} context={context} />
        </div>
        {isEditable(field) && !readOnly ? (
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

  return (
    <Form form={form} onFinish={save} disabled={saving} component="div">
      <Flex gap={4} align="flex-start" onKeyDown={onKeyDown}>
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
