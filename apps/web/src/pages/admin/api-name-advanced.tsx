import { Collapse, Form, Input } from "antd";
import { useTranslation } from "react-i18next";

/**
 * The API name, folded under "Advanced": optional, made from the label by the server when left empty, fixed
 * once created. Rendered even when folded, so the form keeps its value.
 */
export function ApiNameAdvanced({
  label,
  help,
  testId,
  disabled,
}: {
  label: string;
  help: string;
  testId: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Collapse
      ghost
      size="small"
      items={[
        {
          key: "advanced",
          label: t("designer.advanced"),
          forceRender: true,
          children: (
            <Form.Item name="api_name" label={label} extra={help}>
              <Input
                disabled={disabled}
                placeholder={t("designer.apiNameAuto")}
                style={{ fontFamily: "monospace" }}
                data-testid={testId}
              />
            </Form.Item>
          ),
        },
      ]}
    />
  );
}
