import { DownloadOutlined } from "@ant-design/icons";
import { App, Button, Flex, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { buildUrl } from "../../api/http-client.ts";
import {
  type ImportIssue,
  type ProblemGroup,
  type ReportPhase,
  useImportIssues,
  useProblemGroups,
} from "../../api/imports.queries.ts";
import { isProblem } from "../../api/problem.ts";
import { useLanguage } from "../../i18n/index.ts";
import { downloadName, problemOf, saveBlob } from "../../lib/file-download.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { problemMessage } from "../error-result.tsx";

const PAGE = 20;

async function downloadReport(id: string, phase: ReportPhase, language: string) {
  const response = await fetch(buildUrl(`/api/imports/${id}/errors`, { phase, format: "xlsx" }), {
    credentials: "same-origin",
    headers: { "accept-language": language },
  });
  if (!response.ok) throw await problemOf(response);
  saveBlob(
    await response.blob(),
    downloadName(response.headers.get("content-disposition"), "import-errors.xlsx"),
  );
}

/** Where a problem is: the column's header (its letter when it has none), else the row only. */
const placeOf = (header: string | null, column: string | null) => header || column || "—";

/**
 * The problems grouped by column and reason with counts — each with a link back to the mapping (the
 * value mapping of a select column) — then every problem, a page at a time from the server, and the
 * download: the rows that failed as written, with a reason column, to fix and import again.
 */
export function IssueReport(props: {
  id: string;
  phase: ReportPhase;
  count: number;
  title: string;
  download: string;
  onFix?: (group: ProblemGroup) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const [offset, setOffset] = useState(0);
  const groups = useProblemGroups(props.id, props.phase, language, props.count > 0);
  const issues = useImportIssues(props.id, props.phase, language, { offset, limit: PAGE }, props.count > 0);
  const [busy, setBusy] = useState(false);
  if (props.count === 0 && !(groups.data ?? []).length) return null;

  const groupColumns: TableColumnsType<ProblemGroup> = [
    {
      key: "where",
      title: t("imports.check.column"),
      width: isPhone ? undefined : 160,
      render: (_, g) => (
        <Flex vertical>
          <Typography.Text strong>{placeOf(g.header, g.column)}</Typography.Text>
          <Typography.Text type="secondary">
            {t("imports.check.groupCount", { count: g.count.toLocaleString(language) })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: "reason",
      title: t("imports.check.reason"),
      render: (_, g) => (
        <Flex vertical gap={2}>
          <Typography.Text>
            {g.level === "warning" ? <Tag color="orange">{t("imports.check.warning")}</Tag> : null}
            {g.message}
          </Typography.Text>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: isPhone ? 200 : 420 }}>
            {[...new Set(g.values.filter(Boolean))].join("、")}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(props.onFix
      ? [
          {
            key: "fix",
            width: 80,
            render: (_: unknown, g: ProblemGroup) =>
              g.column ? (
                <Button
                  size="small"
                  onClick={() => props.onFix?.(g)}
                  data-testid={`import-fix-${g.column}-${g.code}`}
                >
                  {t("imports.check.fix")}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  // A phone has no room for four columns: where, then the value and the reason under each other.
  const columns: TableColumnsType<ImportIssue> = isPhone
    ? [
        {
          key: "issue",
          title: t("imports.check.reason"),
          render: (_, i) => (
            <Flex vertical>
              <Typography.Text type="secondary">
                {t("imports.check.at", { row: i.row, column: placeOf(i.header, i.column) })}
              </Typography.Text>
              {i.value ? <Typography.Text strong>{i.value}</Typography.Text> : null}
              <Typography.Text>{i.message}</Typography.Text>
            </Flex>
          ),
        },
      ]
    : [
        { key: "row", title: t("imports.check.row"), width: 64, render: (_, i) => i.row },
        {
          key: "column",
          title: t("imports.check.column"),
          width: 120,
          ellipsis: true,
          render: (_, i) => placeOf(i.header, i.column),
        },
        {
          key: "value",
          title: t("imports.check.value"),
          width: 160,
          ellipsis: true,
          render: (_, i) => i.value ?? "",
        },
        { key: "reason", title: t("imports.check.reason"), render: (_, i) => i.message },
      ];
  const download = async () => {
    setBusy(true);
    try {
      await downloadReport(props.id, props.phase, language);
    } catch (error) {
      const reason = isProblem(error) ? problemMessage(error, t) : (error as Error).message;
      message.error(t("imports.downloadFailed", { reason }));
    } finally {
      setBusy(false);
    }
  };
  const total = issues.data?.total ?? 0;
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text strong>{props.title}</Typography.Text>
        <Button
          icon={<DownloadOutlined />}
          loading={busy}
          block={isPhone}
          onClick={download}
          data-testid="import-report-download"
        >
          {props.download}
        </Button>
      </Flex>
      <Typography.Text type="secondary">{t("imports.check.groupsTitle")}</Typography.Text>
      <Table
        rowKey={(g) => `${g.column ?? ""}-${g.code}`}
        size="small"
        columns={groupColumns}
        dataSource={groups.data ?? []}
        loading={groups.isLoading}
        pagination={false}
        showHeader={!isPhone}
        data-testid="import-problem-groups"
      />
      <Typography.Text type="secondary">{t("imports.check.allProblems")}</Typography.Text>
      <Table
        rowKey={(i) => `${i.row}-${i.column ?? ""}-${i.code}`}
        size="small"
        columns={columns}
        dataSource={issues.data?.errors ?? []}
        loading={issues.isLoading}
        pagination={
          total > PAGE
            ? {
                pageSize: PAGE,
                total,
                current: offset / PAGE + 1,
                showSizeChanger: false,
                onChange: (page) => setOffset((page - 1) * PAGE),
              }
            : false
        }
        scroll={isPhone ? undefined : { x: 480 }}
        showHeader={!isPhone}
        data-testid="import-issues"
      />
    </Flex>
  );
}
