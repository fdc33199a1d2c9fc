import { ReloadOutlined } from "@ant-design/icons";
import type { AdvisorIndex } from "@keduo/core";
import { Alert, App, Button, Card, Col, Empty, Flex, Result, Row, Skeleton, Space, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useIndexAdvisor, useRunIndexAdvisor } from "../../api/advisor.queries.ts";
import { useObjects } from "../../api/metadata.queries.ts";
import { useCurrentUser } from "../../api/session.ts";
import { hasPermission } from "../../api/users.queries.ts";
import { AdvisorSettingsCard } from "../../components/advisor/advisor-settings-card.tsx";
import { ADVISOR_MESSAGE, IndexCard } from "../../components/advisor/index-card.tsx";
import { type ShapeContext, ShapesTable } from "../../components/advisor/shapes-table.tsx";
import { ErrorResult, problemMessage } from "../../components/error-result.tsx";
import { pickLabel, useLanguage } from "../../i18n/index.ts";
import { columnNamer } from "../../lib/index-words.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";

function IndexSection(props: {
  title: string;
  indexes: AdvisorIndex[];
  empty?: string;
  context: ShapeContext;
  testId: string;
}) {
  const { title, indexes, empty, context, testId } = props;
  if (!indexes.length && !empty) return null;
  return (
    <section data-testid={testId} style={{ marginTop: 16 }}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {indexes.length ? (
        <Row gutter={[12, 12]}>
          {indexes.map((index) => (
            <Col key={index.id} xs={24} xl={12}>
              <IndexCard
                index={index}
                objectLabel={context.objectLabel(index.object)}
                name={context.namerFor(index.object)}
                language={context.language}
              />
            </Col>
          ))}
        </Row>
      ) : (
        <Card size="small">
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />
        </Card>
      )}
    </section>
  );
}

/**
 * The index advisor (索引顾问, ADR 0034): its settings, the indexes it proposes (in words, with why and the
 * planner's expected gain), the ones built with their size and use, failed builds, and the busiest reads.
 */
export default function IndexAdvisorPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const language = useLanguage();
  const me = useCurrentUser();
  const advisor = useIndexAdvisor();
  const run = useRunIndexAdvisor();
  const objects = useObjects();
  useDocumentTitle(t("advisor.title"));

  const context = useMemo<ShapeContext>(() => {
    const byName = new Map((objects.data?.objects ?? []).map((object) => [object.api_name, object]));
    const systemColumns = t("advisor.systemColumn", { returnObjects: true }) as Record<string, string>;
    return {
      objectLabel: (name) => pickLabel(byName.get(name)?.labels, language) || name,
      namerFor: (name) => columnNamer(byName.get(name), (label) => pickLabel(label, language), systemColumns),
      language,
    };
  }, [objects.data, language, t]);

  if (!hasPermission(me, "manage_metadata")) return <Result status="403" title={t("advisor.forbidden")} />;
  if (advisor.error) return <ErrorResult error={advisor.error} onRetry={() => void advisor.refetch()} />;

  const checkNow = async () => {
    try {
      await run.mutateAsync();
      message.success({ content: t("advisor.checked"), key: ADVISOR_MESSAGE });
    } catch (error) {
      message.error({ content: problemMessage(error, t), key: ADVISOR_MESSAGE });
    }
  };

  const data = advisor.data;
  const indexes = data?.indexes ?? [];
  const of = (...statuses: AdvisorIndex["status"][]) => indexes.filter((i) => statuses.includes(i.status));
  const unused = indexes.filter((index) => index.unused).length;
  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="advisor-title">
          {t("advisor.title")}
        </Typography.Title>
        <Button
          type="primary"
          icon={<ReloadOutlined />}
          loading={run.isPending}
          onClick={() => void checkNow()}
          data-testid="advisor-check-now"
        >
          {t("advisor.checkNow")}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t("advisor.intro")}
      </Typography.Paragraph>
      {data ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t("advisor.thresholds", { ms: data.tuning.slow_ms, calls: data.tuning.min_slow_calls })}
        </Typography.Paragraph>
      ) : null}
      {!data ? (
        <Skeleton active />
      ) : (
        <Space direction="vertical" size={0} style={{ width: "100%" }}>
          {unused ? (
            <Alert
              type="warning"
              showIcon
              title={t("advisor.unusedAlert", { count: unused })}
              style={{ marginBottom: 12 }}
              data-testid="advisor-unused-alert"
            />
          ) : null}
          <AdvisorSettingsCard settings={data.settings} />
          <IndexSection
            title={t("advisor.proposals.title")}
            indexes={of("proposed", "building")}
            empty={t("advisor.proposals.empty")}
            context={context}
            testId="advisor-proposals"
          />
          <IndexSection
            title={t("advisor.failed.title")}
            indexes={of("failed")}
            context={context}
            testId="advisor-failed"
          />
          <IndexSection
            title={t("advisor.built.title")}
            indexes={of("built")}
            empty={t("advisor.built.empty")}
            context={context}
            testId="advisor-built"
          />
          <div style={{ marginTop: 16 }}>
            <ShapesTable shapes={data.shapes} context={context} />
          </div>
        </Space>
      )}
    </div>
  );
}
