import type { AdvisorSettings } from "@keduo/core";
import { App, Button, Card, Flex, Form, InputNumber, Switch, Typography } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useSaveAdvisorSettings } from "../../api/advisor.queries.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { problemMessage } from "../error-result.tsx";
import { ADVISOR_MESSAGE } from "./index-card.tsx";

interface Limits {
  max_indexes_per_object: number;
  /** The size cap as people read it, a percentage of the table's size (the API's ratio × 100). */
  size_percent: number;
}

/**
 * Whether the advisor builds its proposals by itself (saved when switched) and within which caps (saved with
 * the button): indexes per object and their size against the table's.
 */
export function AdvisorSettingsCard({ settings }: { settings: AdvisorSettings }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveAdvisorSettings();
  const [form] = Form.useForm<Limits>();
  const isPhone = useIsPhone();
  useEffect(() => {
    form.setFieldsValue({
      max_indexes_per_object: settings.max_indexes_per_object,
      size_percent: Math.round(settings.max_size_ratio * 100),
    });
  }, [form, settings]);

  const put = async (change: Partial<AdvisorSettings>) => {
    try {
      await save.mutateAsync(change);
      message.success({ content: t("advisor.settings.saved"), key: ADVISOR_MESSAGE });
    } catch (error) {
      message.error({ content: problemMessage(error, t), key: ADVISOR_MESSAGE });
    }
  };

  return (
    <Card size="small" title={t("advisor.settings.title")} data-testid="advisor-settings">
      <Flex gap={12} align="flex-start" style={{ marginBottom: 12 }}>
        <Switch
          checked={settings.auto_build}
          loading={save.isPending && save.variables?.auto_build !== undefined}
          onChange={(checked) => void put({ auto_build: checked })}
          aria-label={t("advisor.settings.autoBuild")}
          data-testid="advisor-auto-build"
        />
        <div>
          <Typography.Text strong>{t("advisor.settings.autoBuild")}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{t("advisor.settings.autoBuildHelp")}</Typography.Text>
        </div>
      </Flex>
      <Form<Limits>
        form={form}
        name="advisor_limits"
        layout={isPhone ? "vertical" : "inline"}
        requiredMark={false}
        onFinish={(values) =>
          put({
            max_indexes_per_object: values.max_indexes_per_object,
            max_size_ratio: values.size_percent / 100,
          })
        }
        style={{ rowGap: 8 }}
      >
        <Form.Item label={t("advisor.settings.maxIndexes")} style={{ marginBottom: isPhone ? 12 : 0 }}>
          <Flex align="center" gap={6} wrap>
            <Form.Item name="max_indexes_per_object" noStyle rules={[{ required: true }]}>
              <InputNumber min={0} max={20} precision={0} style={{ width: 72 }} />
            </Form.Item>
            <span>{t("advisor.settings.maxIndexesUnit")}</span>
          </Flex>
        </Form.Item>
        <Form.Item label={t("advisor.settings.maxSize")} style={{ marginBottom: isPhone ? 12 : 0 }}>
          <Flex align="center" gap={6} wrap>
            <Form.Item name="size_percent" noStyle rules={[{ required: true }]}>
              <InputNumber min={0} max={1000} step={10} precision={0} style={{ width: 88 }} />
            </Form.Item>
            <span>{t("advisor.settings.maxSizeUnit")}</span>
          </Flex>
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" loading={save.isPending && save.variables?.auto_build === undefined}>
            {t("advisor.settings.save")}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
