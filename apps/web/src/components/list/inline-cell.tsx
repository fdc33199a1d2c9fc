import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { Button, Flex, Form } from "antd";
import { useTranslation } from "react-i18next";
import type { FieldMeta, ObjectMeta, RecordData } from "../../api/types.ts";
import { toFormValue } from "../../lib/record-values.ts";
import { FieldInput } from "../field-input.tsx";
import { useInlineSave } from "../use-inline-save.ts";

/**
 * The input a list cell becomes when clicked (list-columns.tsx shows the plain value until then: an editor
 * per cell would cost more than the rows). Saving behaves as use-inline-save.ts says.
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
  const [form] = Form.useForm();
  const { save, saving, onKeyDown } = useInlineSave({
    object,
    field,
    record,
    form,
    onClose,
    onSaved,
    onConflict,
  });

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keeps clicks in the editor from opening the record
    <div onClick={(e) => e.stopPropagation()} onKeyDown={onKeyDown} data-testid={`${testId}-editor`}>
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
