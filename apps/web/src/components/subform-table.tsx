import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Form, Table, type TableColumnsType, Tooltip, Typography } from "antd";
import type { FormListFieldData } from "antd/es/form/FormList";
import { useTranslation } from "react-i18next";
import type { FieldMeta } from "../api/types.ts";
import { useLabel, useLanguage } from "../i18n/index.ts";
import { formatNumber, formatPercent } from "../lib/format.ts";
import { isEditable } from "../lib/metadata.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";
import { FieldInput } from "./field-input.tsx";
import type { SubformList } from "./subform-model.ts";

const COLUMN_WIDTH: Partial<Record<FieldMeta["type"], number>> = {
  number: 120,
  percent: 110,
  currency: 220,
  boolean: 80,
  date: 150,
  datetime: 200,
  relation: 200,
  user: 180,
  formula: 120,
  auto_number: 130,
};

/** A formula's value as text: numbers per locale, money with two places; anything else as given. */
function FormulaValue({ field, value }: { field: FieldMeta; value?: unknown }) {
  const language = useLanguage();
  if (value === null || value === undefined || value === "")
    return <Typography.Text type="secondary">—</Typography.Text>;
  const type = field.config.result_type;
  const text =
    type === "currency"
      ? formatNumber(String(value), language, 2)
      : type === "number"
        ? formatNumber(value as number, language)
        : type === "percent"
          ? formatPercent(value as number, language)
          : String(value);
  return <Typography.Text strong>{text}</Typography.Text>;
}

/** The input of one cell: formulas and other read-only fields are shown, not edited. */
function CellInput({
  field,
  value,
  onChange,
  id,
}: {
  field: FieldMeta;
  value?: unknown;
  onChange?: (v: unknown) => void;
  /** Set by Form.Item: `record_<list>_<row>_<field>`, so the cell's label and errors belong to its input. */
  id?: string;
}) {
  if (field.type === "formula") return <FormulaValue field={field} value={value} />;
  return (
    <FieldInput
      field={field}
      value={value}
      onChange={onChange}
      id={id}
      disabled={!isEditable(field) || undefined}
    />
  );
}

/**
 * A one-to-many list edited as rows inside the parent's form (报价明细 in a quote): rows are added, edited and
 * removed here and saved with the parent in one request. Desktop shows a table, phones one card per row.
 * Server problems appear in the cell they are about (form field `[list, row, field]`).
 */
export function SubformTable({ list, loading }: { list: SubformList; loading: boolean }) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const testId = (suffix: string) => `subform-${list.name}${suffix}`;

  const cell = (row: FormListFieldData, field: FieldMeta, withLabel: boolean) => (
    <Form.Item
      key={field.api_name}
      name={[row.name, field.api_name]}
      label={withLabel ? label(field.labels) || field.api_name : undefined}
      required={withLabel && field.required}
      style={withLabel ? undefined : { margin: 0 }}
      data-testid={`${testId("")}-${row.name}-${field.api_name}`}
    >
      <CellInput field={field} />
    </Form.Item>
  );

  const removeButton = (row: FormListFieldData, remove: (index: number) => void, index: number) => (
    <Tooltip title={t("subforms.removeRow")}>
      <Button
        type="text"
        danger
        icon={<DeleteOutlined />}
        aria-label={`${t("subforms.removeRow")} ${index + 1}`}
        onClick={() => remove(row.name)}
        data-testid={testId(`-remove-${index}`)}
      />
    </Tooltip>
  );

  return (
    <Form.List name={list.name}>
      {(rows, { add, remove }) => {
        const columns: TableColumnsType<FormListFieldData> = [
          {
            key: "n",
            title: "#",
            width: 44,
            fixed: "left",
            render: (_, __, index) => <Typography.Text type="secondary">{index + 1}</Typography.Text>,
          },
          ...list.columns.map((field) => ({
            key: field.api_name,
            title: (
              <span>
                {field.required ? <span style={{ color: "#ff4d4f", marginRight: 4 }}>*</span> : null}
                {label(field.labels) || field.api_name}
              </span>
            ),
            width: COLUMN_WIDTH[field.type] ?? 180,
            render: (_: unknown, row: FormListFieldData) => cell(row, field, false),
          })),
          {
            key: "actions",
            title: t("subforms.actions"),
            width: 56,
            fixed: "right",
            render: (_, row, index) => removeButton(row, remove, index),
          },
        ];
        return (
          <div data-testid={testId("")} style={{ marginBottom: 24 }}>
            <Flex justify="space-between" align="baseline" style={{ marginBottom: 8 }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {label(list.labels) || list.name}
              </Typography.Title>
              <Typography.Text type="secondary">
                {t("subforms.rowCount", { count: rows.length })}
              </Typography.Text>
            </Flex>
            {isPhone ? (
              <Flex vertical gap={12}>
                {rows.map((row, index) => (
                  <Card
                    key={row.key}
                    size="small"
                    title={t("subforms.rowNumber", { n: index + 1 })}
                    extra={removeButton(row, remove, index)}
                    data-testid={testId(`-row-${index}`)}
                  >
                    {list.columns.map((field) => cell(row, field, true))}
                  </Card>
                ))}
                {rows.length === 0 ? (
                  <Typography.Text type="secondary">
                    {loading ? t("subforms.loading") : t("subforms.empty")}
                  </Typography.Text>
                ) : null}
              </Flex>
            ) : (
              <Table<FormListFieldData>
                size="small"
                bordered
                rowKey="key"
                pagination={false}
                loading={loading}
                dataSource={rows}
                columns={columns}
                scroll={{ x: "max-content" }}
                locale={{ emptyText: loading ? t("subforms.loading") : t("subforms.empty") }}
                onRow={(_, index) =>
                  ({ "data-testid": testId(`-row-${index}`) }) as React.HTMLAttributes<HTMLElement>
                }
              />
            )}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              style={{ marginTop: 8 }}
              disabled={loading}
              onClick={() => add({})}
              data-testid={testId("-add")}
            >
              {t("subforms.addRow")}
            </Button>
          </div>
        );
      }}
    </Form.List>
  );
}
