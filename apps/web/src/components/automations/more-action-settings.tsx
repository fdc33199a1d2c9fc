import { Form, Input, Typography } from "antd";
import { useTranslation } from "react-i18next";

/*
 * The settings of the actions that reach outside the record's fields: an owner by the assignment rules, a
 * webhook to another system, a script for what no other action does.
 */

export function AssignOwnerSettings() {
  const { t } = useTranslation();
  return <Typography.Text type="secondary">{t("automationActions.action.assignOwnerHelp")}</Typography.Text>;
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
