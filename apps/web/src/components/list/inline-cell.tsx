import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { App, Button, Flex, Form } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../api/problem.ts";
import { updateRecord } from "../../api/records.queries.ts";
import type { FieldMeta, ObjectMeta, RecordData } from "../../api/types.ts";
import { toFormValue } from "../../lib/record-values.ts";
import { problemMessage } from "../error-result.tsx";
import { FieldInput } from "../field-input.tsx";

/**
 * The input a list cell becomes when clicked (list-columns.tsx shows the plain value until then: an editor
 * per cell would cost more than the rows). Saves just that field with the record's version (If-Match); the
 * server's field errors show at the cell in the user's language; a 412 is explained and the typed value stays
 * while the list reloads.
 */
export function InlineCellEditor({
  object,
  field,
  record,
  testId,
  onClose,
  onSaved,
  onConflict,
}: {
  object: ObjectMeta;
  field: FieldMeta;
  record: RecordData;
  /** The plain cell's test id; the editor's parts add `-editor` and `-save`. */
  testId: string;
  onClose: () => void;
  onSaved: (record: RecordData) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();

  const save = async () => {
    const next = form.getFieldValue(field.api_name);
    setSaving(true);
    try {
      const saved = await updateRecord(object.api_name, record.id, record.version, {
        [field.api_name]: next === "" || (Array.isArray(next) && next.length === 0) ? null : (next ?? null),
      });
      message.success(t("views.inline.saved"));
      onClose();
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
      onKeyDown={(e) => e.key === "Escape" && onClose()}
      data-testid={`${testId}-editor`}
    >
      <Form
        form={form}
        initialValues={{ [field.api_name]: toFormValue(field, record[field.api_name]) }}
        onFinish={() => void save()}
        disabled={saving}
        component="div"
      >
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
          <Button size="small" icon={<CloseOutlined />} onClick={onClose} aria-label={t("common.cancel")} />
        </Flex>
      </Form>
    </div>
  );
}
