import { Checkbox, Flex, Form, Input, InputNumber, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ObjectMeta } from "../../api/types.ts";

/*
 * The settings of the actions that reach outside the record's fields: an owner by the assignment rules, a
 * webhook to another system, a script for what no other action does.
 */

export function AssignOwnerSettings({ object }: { object: ObjectMeta }) {
  const { t } = useTranslation();
  // The rules themselves are the object's, edited on their own page (they serve "assign by rules" too).
  return (
    <Flex vertical gap={4}>
      <Typography.Text type="secondary">{t("automationActions.action.assignOwnerHelp")}</Typography.Text>
      <Link to={`/admin/objects/${object.api_name}/assignment-rules`} data-testid="assign-owner-rules">
        {t("assignment.open")} →
      </Link>
    </Flex>
  );
}

/** A pause before the next action: N days, or N business days on the working calendar. */
export function WaitSettings({ index }: { index: number }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={t("automationActions.action.waitDays")} style={{ marginBottom: 0 }}>
      <Flex gap={12} align="center" wrap>
        <Form.Item name={[index, "days"]} noStyle>
          <InputNumber
            min={1}
            max={3650}
            style={{ width: 90 }}
            aria-label={t("automationActions.action.waitDays")}
          />
        </Form.Item>
        <span>{t("automationActions.action.dueDays")}</span>
        <Form.Item name={[index, "business_days"]} valuePropName="checked" noStyle>
          <Checkbox>{t("automationActions.action.businessDays")}</Checkbox>
        </Form.Item>
      </Flex>
    </Form.Item>
  );
}

export function WebhookSettings({ index }: { index: number }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name={[index, "url"]}
        label={t("automationActions.action.url")}
        extra={t("automationActions.action.urlHelp")}
        required
      >
        <Input type="url" placeholder="https://" data-testid={`action-${index}-url`} />
      </Form.Item>
      <Form.Item
        name={[index, "secret"]}
        label={t("automationActions.action.secret")}
        extra={t("automationActions.action.secretHelp")}
        style={{ marginBottom: 0 }}
      >
        <Input.Password autoComplete="off" style={{ fontFamily: "monospace" }} />
      </Form.Item>
    </>
  );
}

export function ScriptSettings({ index }: { index: number }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={[index, "source"]}
      label={t("automationActions.action.source")}
      extra={t("automationActions.action.sourceHelp")}
      required
      style={{ marginBottom: 0 }}
    >
      <Input.TextArea
        autoSize={{ minRows: 4, maxRows: 16 }}
        spellCheck={false}
        placeholder={'return { priority: record.amount > 100000 ? "high" : "medium" };'}
        style={{ fontFamily: "monospace" }}
      />
    </Form.Item>
  );
}
