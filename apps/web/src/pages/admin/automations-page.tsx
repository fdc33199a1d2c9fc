import { PlusOutlined, ThunderboltOutlined } from "@ant-design/icons";
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Select,
  Skeleton,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { type Automation, useAutomations } from "../../api/automations.queries.ts";
import { useObjects } from "../../api/metadata.queries.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { AutomationSwitch } from "../../components/automations/automation-switch.tsx";
import { ErrorResult } from "../../components/error-result.tsx";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { describeActions, describeTrigger, describeTriggerOnObject } from "../../lib/automation-describe.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useDocumentTitle } from "../../lib/use-document-title.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";

/** What a row shows, in the UI language, computed once per list. */
interface Row {
  automation: Automation;
  name: string;
  object: string;
  trigger: string;
  triggerOnObject: string;
  actions: string;
}

function useRows(automations: Automation[] | undefined, objects: ObjectMeta[]): Row[] {
  const { t } = useTranslation();
  const label = useLabel();
  return useMemo(
    () =>
      (automations ?? []).map((automation) => {
        const context = { t, label, object: objects.find((o) => o.api_name === automation.object) };
        return {
          automation,
          name: label(automation.labels) || automation.api_name,
          object: label(context.object?.labels) || automation.object,
          trigger: describeTrigger(context, automation.trigger),
          triggerOnObject: describeTriggerOnObject(context, automation.trigger),
          actions: describeActions(context, automation.actions, objects),
        };
      }),
    [automations, objects, t, label],
  );
}

function AutomationCards({ rows, onOpen }: { rows: Row[]; onOpen: (row: Row) => void }) {
  return (
    <Flex vertical gap={8} data-testid="automation-cards">
      {rows.map((row) => (
        <Card
          key={row.automation.id}
          size="small"
          hoverable
          onClick={() => onOpen(row)}
          data-testid={`automation-row-${row.automation.api_name}`}
        >
          <Flex justify="space-between" align="start" gap={8}>
            <Typography.Text strong style={{ fontSize: 15 }}>
              {row.name}
            </Typography.Text>
            <AutomationSwitch automation={row.automation} size="small" />
          </Flex>
          <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }}>
            <ThunderboltOutlined /> {row.triggerOnObject}
          </Typography.Paragraph>
          <Typography.Text style={{ fontSize: 13 }}>{row.actions}</Typography.Text>
        </Card>
      ))}
    </Flex>
  );
}

function AutomationTable({ rows, onOpen }: { rows: Row[]; onOpen: (row: Row) => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const columns: TableColumnsType<Row> = [
    {
      key: "name",
      title: t("automations.columns.name"),
      render: (_, row) => (
        <Link to={`/admin/automations/${row.automation.id}`} onClick={(e) => e.stopPropagation()}>
          {row.name}
        </Link>
      ),
    },
    { key: "object", title: t("automations.columns.object"), render: (_, row) => <Tag>{row.object}</Tag> },
    { key: "trigger", title: t("automations.columns.trigger"), dataIndex: "trigger" },
    { key: "actions", title: t("automations.columns.actions"), dataIndex: "actions" },
    {
      key: "enabled",
      title: t("automations.columns.enabled"),
      width: 80,
      render: (_, row) => <AutomationSwitch automation={row.automation} />,
    },
    {
      key: "updated",
      title: t("automations.columns.updated"),
      width: 170,
      render: (_, row) => (
        <Typography.Text type="secondary">
          {formatDateTime(row.automation.updated_at, language)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<Row>
      rowKey={(row) => row.automation.id}
      columns={columns}
      dataSource={rows}
      pagination={false}
      size="middle"
      onRow={(row) => ({
        onClick: () => onOpen(row),
        style: { cursor: "pointer" },
        "data-testid": `automation-row-${row.automation.api_name}`,
      })}
      data-testid="automation-table"
    />
  );
}

/** Every automation of the organisation, or one object's: what fires them, what they do, on or off. */
export default function AutomationsPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const object = params.get("object") ?? undefined;
  const objects = useObjects();
  const automations = useAutomations(object);
  const rows = useRows(automations.data, objects.data?.objects ?? []);
  useDocumentTitle(t("automations.title"));
  const open = (row: Row) => navigate(`/admin/automations/${row.automation.id}`);
  const filter = (value: string | undefined) => setParams(value ? { object: value } : {}, { replace: true });

  if (automations.error)
    return <ErrorResult error={automations.error} onRetry={() => automations.refetch()} />;
  return (
    <Flex vertical gap={16} data-testid="automations-page">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }}>
          {t("automations.title")}
        </Typography.Title>
        <Flex gap={8} wrap>
          <Select
            allowClear
            value={object}
            onChange={filter}
            placeholder={t("automations.allObjects")}
            style={{ width: isPhone ? 150 : 200 }}
            options={(objects.data?.objects ?? []).map((o) => ({
              value: o.api_name,
              label: label(o.labels),
            }))}
            data-testid="automation-object-filter"
          />
          <Link to={object ? `/admin/automations/new?object=${object}` : "/admin/automations/new"}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="automation-new">
              {t("automations.new")}
            </Button>
          </Link>
        </Flex>
      </Flex>
      {isPhone ? null : <Alert type="info" showIcon message={t("automations.intro")} />}
      {automations.isLoading ? (
        <Skeleton active />
      ) : rows.length === 0 ? (
        <Empty description={t("automations.empty")}>
          <Typography.Text type="secondary">{t("automations.emptyHint")}</Typography.Text>
        </Empty>
      ) : isPhone ? (
        <AutomationCards rows={rows} onOpen={open} />
      ) : (
        <AutomationTable rows={rows} onOpen={open} />
      )}
    </Flex>
  );
}
