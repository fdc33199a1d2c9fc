import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Form, Input, Select } from "antd";
import { useTranslation } from "react-i18next";
import type { FieldMeta, ObjectMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { isEditable } from "../../lib/metadata.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { FieldInput } from "../field-input.tsx";
import { FormulaInput } from "../formula-input.tsx";
import { VALUE_SOURCE_KINDS, type ValueRow } from "./automation-form.ts";
import { usePhoneRow } from "./phone-row.ts";

// Field types whose value is one string, number or boolean: a fixed value of these uses the field's own editor.
const PRIMITIVE_TYPES = new Set([
  "text",
  "long_text",
  "email",
  "phone",
  "url",
  "number",
  "percent",
  "date",
  "datetime",
  "boolean",
  "single_select",
  "user",
  "relation",
]);

const OWNER = "owner_id";

/** The value box of one row: its shape follows where the value comes from. */
function SourceInput({
  row,
  target,
  source,
  value,
  onChange,
  id,
}: {
  row: ValueRow | undefined;
  target: FieldMeta | undefined;
  source: ObjectMeta;
  value?: ValueRow["input"];
  onChange?: (value: ValueRow["input"]) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const text = value === null || value === undefined ? "" : String(value);
  switch (row?.source) {
    case "copy":
      return (
        <Select
          id={id}
          value={text || undefined}
          onChange={(name: string) => onChange?.(name)}
          placeholder={t("automationActions.action.pickField")}
          showSearch={{ optionFilterProp: "label" }}
          options={[
            { value: OWNER, label: t("automationActions.action.owner") },
            ...source.fields
              .filter((f) => !f.hidden)
              .map((f) => ({ value: f.api_name, label: label(f.labels) })),
          ]}
        />
      );
    case "formula":
      return <FormulaInput id={id} object={source.api_name} value={text} onChange={onChange} />;
    case "text":
      return (
        <Input id={id} value={text} onChange={(e) => onChange?.(e.target.value)} placeholder="{{name}}" />
      );
    default:
      if (
        target &&
        PRIMITIVE_TYPES.has(target.type) &&
        target.config.relation?.cardinality !== "many_to_many"
      )
        return (
          <FieldInput
            id={id}
            field={target}
            value={value}
            onChange={(next) => onChange?.(next as ValueRow["input"])}
          />
        );
      return <Input id={id} value={text} onChange={(e) => onChange?.(e.target.value)} />;
  }
}

/**
 * "Set this field to …" rows of update_fields and create_record: a field of `target`, where its value comes
 * from (a fixed value, a field of the triggering record, a text with placeholders, a formula on that record)
 * and the value itself.
 */
export function ValueRowsInput({
  name,
  listPath,
  target,
  source,
  testId,
}: {
  /** The list's name inside the action card (relative to the actions list). */
  name: (string | number)[];
  /** The same list's full path in the form, to read a row's field and source. */
  listPath: (string | number)[];
  target: ObjectMeta | undefined;
  source: ObjectMeta;
  testId: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const form = Form.useFormInstance();
  const isPhone = useIsPhone();
  const phoneRow = usePhoneRow();
  const half = { flex: "1 1 0", minWidth: 0 };
  const rows = (Form.useWatch(listPath, form) as ValueRow[] | undefined) ?? [];
  const settable = (target?.fields ?? []).filter((f) => !f.hidden && isEditable(f));
  const fieldOptions = [
    { value: OWNER, label: t("automationActions.action.owner") },
    ...settable.map((f) => ({ value: f.api_name, label: label(f.labels) || f.api_name })),
  ];
  return (
    <Form.List name={name}>
      {(items, { add, remove }) => (
        <Flex vertical gap={8} data-testid={testId}>
          {items.map((item) => {
            const row = rows[item.name];
            const targetField = settable.find((f) => f.api_name === row?.field);
            // A value typed for another field or source would be meaningless for the new one.
            const clearInput = () => form.setFieldValue([...listPath, item.name, "input"], undefined);
            return (
              <Flex key={item.key} gap={8} wrap align="start" style={phoneRow}>
                <Form.Item
                  name={[item.name, "field"]}
                  style={{ marginBottom: 0, ...(isPhone ? half : { width: 180 }) }}
                >
                  <Select
                    onChange={clearInput}
                    placeholder={t("automationActions.action.valueField")}
                    showSearch={{ optionFilterProp: "label" }}
                    options={fieldOptions}
                    aria-label={t("automationActions.action.valueField")}
                  />
                </Form.Item>
                <Form.Item
                  name={[item.name, "source"]}
                  style={{ marginBottom: 0, ...(isPhone ? half : { width: 190 }) }}
                >
                  <Select
                    onChange={clearInput}
                    options={VALUE_SOURCE_KINDS.map((kind) => ({
                      value: kind,
                      label: t(`automationActions.sources.${kind}`),
                    }))}
                    aria-label={t("automationActions.action.valueSource")}
                  />
                </Form.Item>
                <Form.Item
                  name={[item.name, "input"]}
                  // On a phone the value takes the second line of its row, under field and source.
                  style={{
                    marginBottom: 0,
                    flex: 1,
                    minWidth: 200,
                    ...(isPhone ? { order: 1, flexBasis: "100%" } : {}),
                  }}
                >
                  <SourceInput row={row} target={targetField} source={source} />
                </Form.Item>
                <Button
                  type="text"
                  icon={<DeleteOutlined />}
                  aria-label={t("automationActions.action.removeValue")}
                  onClick={() => remove(item.name)}
                />
              </Flex>
            );
          })}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ source: "value" } satisfies ValueRow)}
            style={{ alignSelf: "flex-start" }}
          >
            {t("automationActions.action.addValue")}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
