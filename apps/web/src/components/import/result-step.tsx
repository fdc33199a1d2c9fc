import { Button, Flex, Popconfirm, Progress, Result, Spin, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ImportRunView } from "../../api/imports.queries.ts";
import { useLanguage } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { percentOf } from "./check-step.tsx";
import { CountsView } from "./counts-view.tsx";
import { IssueReport } from "./issue-report.tsx";

/** Step 4: the run's progress bar (the job goes on if the page is left; the URL brings it back). */
export function RunStep({ run }: { run: ImportRunView }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <Flex vertical gap={8} align="center" style={{ padding: "24px 0" }} data-testid="import-running">
      <Typography.Text strong>{t("imports.run.running")}</Typography.Text>
      <Progress percent={percentOf(run)} status="active" style={{ maxWidth: 480 }} />
      <Typography.Text type="secondary">
        {t("imports.run.progress", {
          done: run.progress.rows_done.toLocaleString(language),
          total: run.progress.rows_total.toLocaleString(language),
        })}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ textAlign: "center" }}>
        {t("imports.run.leaveHint")}
      </Typography.Text>
    </Flex>
  );
}

/** Step 5: what the import did, the way back to the list, and undo of the whole import. */
export function ResultStep(props: {
  run: ImportRunView;
  listPath: string;
  undoBusy: boolean;
  onUndo: () => void;
  onAgain: () => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const { run } = props;
  const { counts } = run;
  const again = <Button onClick={props.onAgain}>{t("imports.result.again")}</Button>;
  const toList = (
    <Link to={props.listPath}>
      <Button type={run.status === "completed" ? "default" : "primary"} data-testid="import-view-list">
        {t("imports.result.viewList")}
      </Button>
    </Link>
  );

  if (run.status === "undoing")
    return (
      <Flex vertical align="center" gap={12} style={{ padding: "32px 0" }} data-testid="import-undoing">
        <Spin size="large" />
        <Typography.Text>{t("imports.result.undoing")}</Typography.Text>
        <Progress percent={percentOf(run)} status="active" style={{ maxWidth: 480, width: "100%" }} />
      </Flex>
    );
  if (run.status === "undone")
    return (
      <Result
        status="info"
        title={<span data-testid="import-undone">{t("imports.result.undone")}</span>}
        subTitle={t("imports.result.undoneHint")}
        extra={[<span key="list">{toList}</span>, <span key="again">{again}</span>]}
      />
    );
  if (run.status === "failed")
    return (
      <Result
        status="error"
        title={t("imports.result.failed")}
        subTitle={
          <>
            {run.failure?.message}
            <br />
            {t("imports.result.failedHint")}
          </>
        }
        extra={[<span key="list">{toList}</span>, <span key="again">{again}</span>]}
      />
    );
  return (
    <Flex vertical gap={16}>
      <Result
        status="success"
        title={<span data-testid="import-completed">{t("imports.result.completed")}</span>}
        style={{ padding: isPhone ? 0 : "16px 0" }}
      />
      <CountsView
        items={[
          { key: "created", title: t("imports.result.created"), value: counts.created },
          { key: "updated", title: t("imports.result.updated"), value: counts.updated },
          { key: "skipped", title: t("imports.result.skipped"), value: counts.skipped },
          { key: "failed", title: t("imports.result.failedRows"), value: counts.failed, danger: true },
        ]}
      />
      <IssueReport
        id={run.id}
        phase="run"
        count={counts.failed}
        title={t("imports.result.errorsTitle")}
        download={t("imports.result.download")}
      />
      <Flex gap={8} wrap justify="space-between" align="center">
        <UndoAction run={run} busy={props.undoBusy} onUndo={props.onUndo} />
        <Flex gap={8} wrap>
          {again}
          <Link to={props.listPath}>
            <Button type="primary" data-testid="import-view-list">
              {t("imports.result.viewList")}
            </Button>
          </Link>
        </Flex>
      </Flex>
    </Flex>
  );
}

/** Undo with its deadline; past it (the server deleted the undo log) only the date it ended. */
function UndoAction(props: { run: ImportRunView; busy: boolean; onUndo: () => void }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const until = props.run.undo_until;
  const date = until ? formatDateTime(until, language) : "";
  if (until && new Date(until).getTime() <= Date.now())
    return (
      <Typography.Text type="secondary" data-testid="import-undo-expired">
        {t("imports.result.undoExpired", { date })}
      </Typography.Text>
    );
  return (
    <Flex gap={8} wrap align="center">
      <Popconfirm
        title={t("imports.result.undo")}
        description={<div style={{ maxWidth: 300 }}>{t("imports.result.undoConfirm")}</div>}
        okText={t("imports.result.undoOk")}
        okButtonProps={{
          danger: true,
          ...({ "data-testid": "import-undo-confirm" } as Record<`data-${string}`, string>),
        }}
        cancelText={t("common.cancel")}
        onConfirm={props.onUndo}
      >
        <Button danger loading={props.busy} data-testid="import-undo">
          {t("imports.result.undo")}
        </Button>
      </Popconfirm>
      {until && (
        <Typography.Text type="secondary" data-testid="import-undo-until">
          {t("imports.result.undoUntil", { date })}
        </Typography.Text>
      )}
    </Flex>
  );
}
