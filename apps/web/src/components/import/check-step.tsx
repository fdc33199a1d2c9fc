import { Alert, Button, Flex, Progress, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ImportRunView } from "../../api/imports.queries.ts";
import { CountsView } from "./counts-view.tsx";
import { IssueReport } from "./issue-report.tsx";

/** Share of rows done, 0–100 (the job knows the total once it has read the sheet). */
export function percentOf(run: ImportRunView): number {
  const { rows_done, rows_total } = run.progress;
  return rows_total > 0 ? Math.min(100, Math.floor((rows_done / rows_total) * 100)) : 0;
}

/** Step 3: the dry run — what the import would do, and every row it would leave out and why. */
export function CheckStep(props: {
  run: ImportRunView;
  busy: boolean;
  onBack: () => void;
  onRun: () => void;
}) {
  const { t } = useTranslation();
  const { run } = props;
  if (run.status === "validating" || !run.dry_run) {
    return (
      <Flex vertical gap={8} align="center" style={{ padding: "24px 0" }} data-testid="import-checking">
        <Typography.Text>{t("imports.check.running")}</Typography.Text>
        <Progress percent={percentOf(run)} status="active" style={{ maxWidth: 480 }} />
      </Flex>
    );
  }
  const counts = run.dry_run;
  const importable = counts.created + counts.updated;
  return (
    <Flex vertical gap={16}>
      <CountsView
        items={[
          { key: "created", title: t("imports.check.wouldCreate"), value: counts.created },
          { key: "updated", title: t("imports.check.wouldUpdate"), value: counts.updated },
          { key: "skipped", title: t("imports.check.wouldSkip"), value: counts.skipped },
          { key: "failed", title: t("imports.check.errors"), value: counts.failed, danger: true },
        ]}
      />
      {counts.failed === 0 ? <Alert type="success" showIcon title={t("imports.check.noErrors")} /> : null}
      <IssueReport
        id={run.id}
        phase="dry_run"
        count={counts.failed}
        title={t("imports.check.errorsTitle")}
        download={t("imports.check.download")}
      />
      <Flex gap={8} wrap justify="space-between">
        <Button onClick={props.onBack} data-testid="import-back">
          {t("imports.check.back")}
        </Button>
        <Button
          type="primary"
          loading={props.busy}
          disabled={importable === 0}
          onClick={props.onRun}
          data-testid="import-run"
        >
          {importable === 0
            ? t("imports.check.nothingToImport")
            : t("imports.check.runCount", { count: importable })}
        </Button>
      </Flex>
    </Flex>
  );
}
