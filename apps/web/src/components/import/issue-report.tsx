import { DownloadOutlined } from "@ant-design/icons";
import { App, Button, Flex, Table, type TableColumnsType, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { buildUrl } from "../../api/http-client.ts";
import { type ImportIssue, type ReportPhase, useImportIssues } from "../../api/imports.queries.ts";
import { isProblem } from "../../api/problem.ts";
import { useLanguage } from "../../i18n/index.ts";
import { downloadName, problemOf, saveBlob } from "../../lib/file-download.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { problemMessage } from "../error-result.tsx";

const SHOWN = 500;

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

/** The rows that did not pass (row, column, value, reason in the UI language) and the .xlsx download. */
export function IssueReport(props: {
  id: string;
  phase: ReportPhase;
  count: number;
  title: string;
  download: string;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const issues = useImportIssues(props.id, props.phase, language, props.count > 0);
  const [busy, setBusy] = useState(false);
  if (props.count === 0) return null;

  // A phone has no room for four columns: where, then the value and the reason under each other.
  const columns: TableColumnsType<ImportIssue> = isPhone
    ? [
        {
          key: "issue",
          title: t("imports.check.reason"),
          render: (_, i) => (
            <Flex vertical>
              <Typography.Text type="secondary">
                {t("imports.check.at", { row: i.row, column: i.column ?? "—" })}
              </Typography.Text>
              {i.value ? <Typography.Text strong>{i.value}</Typography.Text> : null}
              <Typography.Text>{i.message}</Typography.Text>
            </Flex>
          ),
        },
      ]
    : [
        { key: "row", title: t("imports.check.row"), width: 64, render: (_, i) => i.row },
        { key: "column", title: t("imports.check.column"), width: 64, render: (_, i) => i.column ?? "—" },
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
  const rows = issues.data ?? [];
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
      <Table
        rowKey={(i) => `${i.row}-${i.column ?? ""}-${i.code}`}
        size="small"
        columns={columns}
        dataSource={rows}
        loading={issues.isLoading}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={isPhone ? undefined : { x: 480 }}
        showHeader={!isPhone}
        data-testid="import-issues"
      />
      {rows.length >= SHOWN ? (
        <Typography.Text type="secondary">{t("imports.check.shownFirst", { count: SHOWN })}</Typography.Text>
      ) : null}
    </Flex>
  );
}
