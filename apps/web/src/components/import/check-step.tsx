import { Alert, Button, Checkbox, Flex, Progress, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ImportRunView, ProblemGroup } from "../../api/imports.queries.ts";
import { useLanguage } from "../../i18n/index.ts";
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
  onFix: (group: ProblemGroup) => void;
  onRun: (acceptWarnings: boolean) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { run } = props;
  const [accept, setAccept] = useState(run.settings?.accept_warnings ?? false);
  if (run.status === "validating" || !run.dry_run) {
    return (
      <Flex vertical gap={8} align="center" style={{ padding: "24px 0" }} data-testid="import-checking">
        <Typography.Text>{t("imports.check.running")}</Typography.Text>
        <Progress percent={percentOf(run)} status="active" style={{ maxWidth: 480 }} />
      </Flex>
    );
  }
  const counts = run.dry_run;
  const warnings = run.warnings.dry_run ?? { rows: 0, columns: [] };
  // rows whose only problems are warnings were counted as failed (unless the check accepted them)
  const checkedAccepting = run.settings?.accept_warnings ?? false;
  const extra = accept === checkedAccepting ? 0 : accept ? warnings.rows : -warnings.rows;
  const importable = counts.created + counts.updated + extra;
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
      {counts.failed === 0 && warnings.rows === 0 ? (
        <Alert type="success" showIcon title={t("imports.check.noErrors")} />
      ) : null}
      {warnings.columns.map((w) => (
        <Alert
          key={`${w.column}-${w.code}`}
          type="warning"
          showIcon
          title={`${w.header || w.column}：${w.message}`}
          data-testid={`import-column-warning-${w.column}`}
        />
      ))}
      {warnings.rows > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t("imports.check.warningsTitle", { rows: warnings.rows.toLocaleString(language) })}
          description={
            <Checkbox
              checked={accept}
              onChange={(e) => setAccept(e.target.checked)}
              data-testid="import-accept-warnings"
            >
              {t("imports.check.acceptWarnings")}
            </Checkbox>
          }
        />
      ) : null}
      <IssueReport
        id={run.id}
        phase="dry_run"
        count={counts.failed + warnings.rows}
        title={t("imports.check.errorsTitle")}
        download={t("imports.check.download")}
        onFix={props.onFix}
      />
      <Flex gap={8} wrap justify="space-between">
        <Button onClick={props.onBack} data-testid="import-back">
          {t("imports.check.back")}
        </Button>
        <Button
          type="primary"
          loading={props.busy}
          disabled={importable === 0}
          onClick={() => props.onRun(accept)}
          data-testid="import-run"
        >
          {importable === 0
            ? t("imports.check.nothingToImport")
            : t("imports.check.runCount", { rows: importable.toLocaleString(language) })}
        </Button>
      </Flex>
    </Flex>
  );
}
