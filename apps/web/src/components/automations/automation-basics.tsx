import { Flex, Form, Input, Select, Switch, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ObjectMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";

/**
 * Name in both languages, the object (chosen once, for a new automation), the API name (made from the English
 * name unless typed; shown, not editable, once saved) and the on/off switch.
 */
export function AutomationBasics({
  objects,
  isNew,
  apiName,
}: {
  objects: ObjectMeta[];
  isNew: boolean;
  /** What the API name is (saved) or will be (made from the name when left empty). */
  apiName: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <>
      <Flex gap={12} wrap>
        <Form.Item
          name={["labels", "zh-CN"]}
          label={t("automations.basics.nameZh")}
          extra={t("automations.basics.nameHelp")}
          style={{ flex: 1, minWidth: 220 }}
        >
          <Input maxLength={200} data-testid="automation-name-zh" />
        </Form.Item>
        <Form.Item
          name={["labels", "en"]}
          label={t("automations.basics.nameEn")}
          style={{ flex: 1, minWidth: 220 }}
        >
          <Input maxLength={200} data-testid="automation-name-en" />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap align="start">
        <Form.Item
          name="object"
          label={t("automations.basics.object")}
          extra={isNew ? t("automations.basics.objectHelp") : undefined}
          required
          style={{ flex: 1, minWidth: 220 }}
        >
          <Select
            disabled={!isNew}
            showSearch={{ optionFilterProp: "label" }}
            options={objects.map((o) => ({ value: o.api_name, label: label(o.labels) || o.api_name }))}
            data-testid="automation-object"
          />
        </Form.Item>
        <Form.Item
          name="api_name"
          label={t("automations.basics.apiName")}
          extra={isNew ? t("automations.basics.apiNameHelp") : undefined}
          style={{ flex: 1, minWidth: 220 }}
        >
          {isNew ? (
            <Input
              placeholder={apiName}
              style={{ fontFamily: "monospace" }}
              data-testid="automation-api-name"
            />
          ) : (
            <Typography.Text code>{apiName}</Typography.Text>
          )}
        </Form.Item>
        <Form.Item name="enabled" label={t("automations.basics.enabled")} valuePropName="checked">
          <Switch data-testid="automation-enabled" />
        </Form.Item>
      </Flex>
    </>
  );
}
