import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../../api/http-client.ts";

type Check = { ok: true } | { ok: false; errors: Array<{ message: string }> };

/**
 * A stage's entry or exit conditions: formulas that must be TRUE, each with the message a writer sees when it
 * is not. A formula is checked by the server's checker as the admin leaves it (write context: ISCHANGED and
 * PRIORVALUE read the move).
 */
export function GateConditions({
  object,
  name,
  label,
}: {
  object: string;
  name: (string | number)[];
  label: string;
}) {
  const { t } = useTranslation();
  const [checks, setChecks] = useState<Record<number, Check>>({});
  const check = async (index: number, expression: string) => {
    if (!expression.trim()) return;
    const result = await http
      .post<Check>("/api/meta/formula/check", { object, expression, expect: "boolean", write_context: true })
      .catch(() => null);
    if (result) setChecks((current) => ({ ...current, [index]: result }));
  };
  return (
    <Form.List name={name}>
      {(items, { add, remove }) => (
        <Flex vertical gap={8}>
          <Typography.Text strong>{label}</Typography.Text>
          {items.map((item) => {
            const result = checks[item.name];
            return (
              <Card key={item.key} size="small" data-testid="gate-condition">
                <Form.Item
                  name={[item.name, "condition"]}
                  label={t("pipelines.condition")}
                  rules={[{ required: true }]}
                  validateStatus={result && !result.ok ? "error" : undefined}
                  help={
                    result && !result.ok
                      ? result.errors.map((e) => e.message).join("; ")
                      : result?.ok
                        ? t("pipelines.formulaOk")
                        : undefined
                  }
                >
                  <Input
                    placeholder={t("pipelines.conditionPlaceholder")}
                    onBlur={(event) => void check(item.name, event.target.value)}
                    style={{ fontFamily: "monospace" }}
                    data-testid="gate-formula"
                  />
                </Form.Item>
                <Flex gap={8} wrap>
                  <Form.Item
                    name={[item.name, "message", "zh-CN"]}
                    label={t("pipelines.messageZh")}
                    style={{ flex: 1, minWidth: 180 }}
                  >
                    <Input data-testid="gate-message-zh" />
                  </Form.Item>
                  <Form.Item
                    name={[item.name, "message", "en"]}
                    label={t("pipelines.messageEn")}
                    style={{ flex: 1, minWidth: 180 }}
                  >
                    <Input data-testid="gate-message-en" />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t("pipelines.remove")}
                    onClick={() => remove(item.name)}
                    style={{ alignSelf: "center" }}
                  />
                </Flex>
              </Card>
            );
          })}
          <Button
            icon={<PlusOutlined />}
            type="dashed"
            onClick={() => add({ condition: "", message: { "zh-CN": "", en: "" } })}
            data-testid="gate-add"
          >
            {t("pipelines.addCondition")}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
