import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { FieldTypeName } from "@keduo/core";
import {
  Button,
  Checkbox,
  Col,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Tag,
} from "antd";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../../api/types.ts";
import { CURRENCIES } from "../../components/field-input.tsx";
import { useLabel } from "../../i18n/index.ts";

const COLORS = ["blue", "green", "red", "orange", "gold", "purple", "cyan", "magenta", "default"] as const;

/** The settings of one type: options for selects, target for relations, the pattern of auto-numbers… */
export function TypeSettings({
  type,
  form,
  objects,
  editing,
}: {
  type: FieldTypeName;
  form: FormInstance;
  objects: ObjectMeta[];
  /** An existing field: what its columns are made of (relation target and kind) stays as it is. */
  editing: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  switch (type) {
    case "text":
    case "long_text":
    case "email":
    case "phone":
    case "url":
      return (
        <Form.Item name={["config", "max_length"]} label={t("designer.maxLength")}>
          <InputNumber min={1} precision={0} style={{ width: 160 }} />
        </Form.Item>
      );
    case "number":
    case "percent":
      return (
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name={["config", "scale"]} label={t("designer.scale")}>
              <InputNumber min={0} max={8} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={["config", "min"]} label={t("designer.min")}>
              <InputNumber style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={["config", "max"]} label={t("designer.max")}>
              <InputNumber style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
      );
    case "currency":
      return (
        <Form.Item name={["config", "default_currency"]} label={t("designer.defaultCurrency")}>
          <Select style={{ width: 160 }} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
      );
    case "single_select":
    case "multi_select":
      return (
        <>
          <Form.Item label={t("designer.options")} required style={{ marginBottom: 8 }}>
            <Form.List name={["config", "options"]}>
              {(items, { add, remove }) => (
                <Flex vertical gap={8}>
                  {items.map((item, index) => (
                    <Flex key={item.key} gap={6} align="flex-start" wrap data-testid="option-row">
                      <Form.Item
                        name={[item.name, "labels", "zh-CN"]}
                        style={{ marginBottom: 0, flex: 1, minWidth: 90 }}
                      >
                        <Input placeholder={t("designer.optionLabelZh")} data-testid={`option-zh-${index}`} />
                      </Form.Item>
                      <Form.Item
                        name={[item.name, "labels", "en"]}
                        style={{ marginBottom: 0, flex: 1, minWidth: 90 }}
                      >
                        <Input placeholder={t("designer.optionLabelEn")} data-testid={`option-en-${index}`} />
                      </Form.Item>
                      <Form.Item name={[item.name, "value"]} style={{ marginBottom: 0, width: 110 }}>
                        <Input
                          placeholder={t("designer.optionValue")}
                          style={{ fontFamily: "monospace" }}
                          data-testid={`option-value-${index}`}
                        />
                      </Form.Item>
                      <Form.Item name={[item.name, "color"]} style={{ marginBottom: 0, width: 96 }}>
                        <Select
                          aria-label={t("designer.optionColor")}
                          placeholder={t("designer.optionColor")}
                          options={COLORS.map((color) => ({
                            value: color,
                            label: <Tag color={color}>{t(`colors.${color}`)}</Tag>,
                          }))}
                        />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t("common.remove")}
                        onClick={() => remove(item.name)}
                      />
                    </Flex>
                  ))}
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => add({ color: COLORS[items.length % COLORS.length] })}
                    data-testid="add-option"
                  >
                    {t("designer.addOption")}
                  </Button>
                </Flex>
              )}
            </Form.List>
          </Form.Item>
          {type === "multi_select" ? (
            <Form.Item name={["config", "max_selected"]} label={t("designer.maxSelected")}>
              <InputNumber min={1} precision={0} style={{ width: 160 }} />
            </Form.Item>
          ) : null}
        </>
      );
    case "relation":
      return (
        <>
          <Form.Item name={["config", "relation", "target"]} label={t("designer.relationTarget")} required>
            <Select
              disabled={editing}
              showSearch={{ optionFilterProp: "label" }}
              options={objects.map((o) => ({
                value: o.api_name,
                label: `${label(o.labels)} (${o.api_name})`,
              }))}
              data-testid="relation-target"
            />
          </Form.Item>
          <Form.Item name={["config", "relation", "cardinality"]} label={t("designer.cardinality")}>
            <Radio.Group
              disabled={editing}
              options={[
                { value: "many_to_one", label: t("designer.manyToOne") },
                { value: "many_to_many", label: t("designer.manyToMany") },
              ]}
            />
          </Form.Item>
          <Form.Item
            name={["config", "relation", "inverse_name"]}
            label={t("designer.inverseName")}
            extra={t("designer.inverseHelp")}
            required
          >
            <Input style={{ fontFamily: "monospace" }} />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name={["config", "relation", "inverse_labels", "zh-CN"]}
                label={t("designer.inverseLabelZh")}
                required
              >
                <Input />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name={["config", "relation", "inverse_labels", "en"]}
                label={t("designer.inverseLabelEn")}
                required
              >
                <Input />
              </Form.Item>
            </Col>
          </Row>
        </>
      );
    case "auto_number":
      return (
        <Form.Item
          name={["config", "pattern"]}
          label={t("designer.pattern")}
          extra={t("designer.patternHelp")}
        >
          <Input
            placeholder="HT-{YYYY}-{0000}"
            style={{ fontFamily: "monospace" }}
            data-testid="auto-pattern"
          />
        </Form.Item>
      );
    case "department":
      return (
        <Form.Item name={["config", "multiple"]} valuePropName="checked">
          <Checkbox>{t("designer.multipleDepartments")}</Checkbox>
        </Form.Item>
      );
    case "formula":
      return <FormulaSettings />;
    case "attachment":
      return (
        <Form.Item name={["config", "max_files"]} label={t("designer.maxFiles")}>
          <InputNumber min={1} max={100} precision={0} style={{ width: 160 }} />
        </Form.Item>
      );
    default:
      void form;
      return null;
  }
}

/**
 * A formula's expression, whose records its rollups count, and whether it is stored: kept in a column the
 * server maintains on every write (ADR 0010), which is what lets it be indexed. The server refuses storing a
 * formula that depends on the clock or the reader; its reason shows under the switch (the problem's field is
 * `config.stored`). Rollups count as the reader unless the admin picks "system" (ADR 0015); absent means
 * reader, so an untouched choice is not sent.
 */
function FormulaSettings() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const rollupAs = Form.useWatch(["config", "rollup_as"], form) ?? "reader";
  return (
    <>
      <Form.Item
        name={["config", "expression"]}
        label={t("formulas.expression")}
        extra={t("formulas.expressionHelp")}
        required
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 8 }}
          spellCheck={false}
          style={{ fontFamily: "monospace" }}
          data-testid="formula-expression"
        />
      </Form.Item>
      <Form.Item
        name={["config", "rollup_as"]}
        label={t("formulas.rollupAs")}
        getValueProps={(value) => ({ value: value ?? "reader" })}
        extra={
          <span data-testid="formula-rollup-help">
            {t(rollupAs === "system" ? "formulas.rollupAsSystemHelp" : "formulas.rollupAsReaderHelp")}
          </span>
        }
      >
        <Radio.Group data-testid="formula-rollup-as">
          <Radio value="reader" data-testid="formula-rollup-reader">
            {t("formulas.rollupAsReader")}
          </Radio>
          <Radio value="system" data-testid="formula-rollup-system">
            {t("formulas.rollupAsSystem")}
          </Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name={["config", "stored"]}
        valuePropName="checked"
        label={t("formulas.stored")}
        extra={t("formulas.storedHelp")}
      >
        <Switch data-testid="formula-stored" />
      </Form.Item>
    </>
  );
}
