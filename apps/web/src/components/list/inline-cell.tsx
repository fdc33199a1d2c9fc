import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { App, Button, Flex, Form } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../api/problem.ts";
import { updateRecord } from "../../api/records.queries.ts";
import type { FieldMeta, ObjectMeta, RecordData } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { toFormValue } from "../../lib/record-values.ts";
import { problemMessage } from "../error-result.tsx";
import { FieldInput } from "../field-input.tsx";
import { FieldValue, type ValueContext } from "../field-value.tsx";

/**
 * A list cell that becomes the field's input when clicked and saves just that field with the record's
 * version (If-Match). The server's field errors show at the cell in the user's language; a 412 is explained
 * and the typed value stays while the list reloads.
 */
export function InlineCell({
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
  onSaved: (record: RecordData) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message, modal } = App.useApp();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const value = record[field.api_name];
  const testId = `cell-${field.api_name}-${record.id}`;

  if (!editing) {
    return (
      // biome-ignore lint/a11y/useSemanticElements: a table cell's content, the whole cell is the target
      <div
        role="button"
        tabIndex={0}
        className="inline-cell"
        aria-label={t("views.inline.edit", { field: label(field.labels) })}
        style={{ minHeight: 22, minWidth: 40, cursor: "text" }}
        onClick={(e) => {
          e.stopPropagation();
          form.setFieldsValue({ [field.api_name]: toFormValue(field, value) });
          setEditing(true);
        }}
        onKeyDown={(e) => {
          if (e.key !== "Enter") return;
          e.stopPropagation();
          form.setFieldsValue({ [field.api_name]: toFormValue(field, value) });
          setEditing(true);
        }}
        data-testid={testId}
      >
        <FieldValue field={field} value={value} context={context} compact />
      </div>
    );
  }

  const save = async () => {
    const next = form.getFieldValue(field.api_name);
    setSaving(true);
    try {
      const saved = await updateRecord(object.api_name, record.id, record.version, {
        [field.api_name]: next === "" || (Array.isArray(next) && next.length === 0) ? null : (next ?? null),
      });
      message.success(t("views.inline.saved"));
      setEditing(false);
      onSaved(saved);
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
          onOk: () => onConflict(),
        });
      } else {
        const messages = isProblem(error) ? error.errors.map((e) => e.message) : [];
        form.setFields([
          { name: field.api_name, errors: messages.length ? messages : [problemMessage(error, t)] },
        ]);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keeps clicks in the editor from opening the record
    <div
      onClick={(e) => e.stopPropagation()}
      onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
      data-testid={`${testId}-editor`}
    >
      <Form form={form} onFinish={() => void save()} disabled={saving} component="div">
        <Flex gap={4} align="flex-start" style={{ minWidth: 200 }}>
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
            data-testid={`${testId}-save`}
          />
          <Button
            size="small"
            icon={<CloseOutlined />}
            onClick={() => setEditing(false)}
            aria-label={t("common.cancel")}
          />
        </Flex>
      </Form>
    </div>
  );
}
