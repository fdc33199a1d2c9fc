import { CheckCircleFilled, CloseCircleFilled, MinusCircleFilled, RedoOutlined } from "@ant-design/icons";
import type { AutomationRun, RunStatus, RunStep } from "@keduo/core";
import { App, Button, Card, Flex, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useRetryRun } from "../../api/automations.queries.ts";
import { useObject } from "../../api/metadata.queries.ts";
import { useRecord } from "../../api/records.queries.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/format.ts";
import { recordTitle } from "../../lib/metadata.ts";
import { problemMessage } from "../error-result.tsx";
import { runError, runTrigger, type StepWords, stepDetail, stepError, stepRecord } from "./step-detail.ts";

const STATUS_COLORS: Record<RunStatus, string> = {
  queued: "default",
  running: "processing",
  waiting: "cyan",
  succeeded: "success",
  failed: "error",
  skipped: "warning",
};

const OUTCOME_ICONS: Record<RunStep["outcome"], ReactNode> = {
  done: <CheckCircleFilled style={{ color: "#52c41a" }} />,
  failed: <CloseCircleFilled style={{ color: "#ff4d4f" }} />,
  skipped: <MinusCircleFilled style={{ color: "#bfbfbf" }} />,
};

/** The record a run was about, by its title (its short id once the record is gone or unreadable). */
function RunRecordLink({ object, id }: { object: string; id: string }) {
  const label = useLabel();
  const meta = useObject(object).object;
  const record = useRecord(object, id);
  const title = record.data ? recordTitle(meta, record.data) : id.slice(0, 8);
  return (
    <Link to={`/o/${object}/${id}`} data-testid="run-record">
      {label(meta?.labels) || object} · {title}
    </Link>
  );
}

/** Opens what a step created, named by its object (no request per step: a run log lists many). */
function CreatedRecordLink({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const meta = useObject(object).object;
  return (
    <Link to={`/o/${object}/${id}`} style={{ fontSize: 13 }} data-testid="run-step-record">
      {t("automations.runs.openCreated", { object: label(meta?.labels) || object })}
    </Link>
  );
}

function useDuration() {
  const { t } = useTranslation();
  return (ms: number) =>
    ms < 1000
      ? t("automations.runs.duration", { ms })
      : t("automations.runs.durationSeconds", { seconds: (ms / 1000).toFixed(1) });
}

/** What a run's words are made with, for the object the automation runs on. */
function useStepWords(object: string): StepWords {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const { object: meta, objects } = useObject(object);
  return { t, label, language, meta, objects };
}

/** One action of a run: what it was, how it went and how long it took, and what it did in the reader's words. */
export function StepLine({ step, object }: { step: RunStep; object: string }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const words = useStepWords(object);
  const detail = stepDetail(step, words);
  const error = stepError(step, words);
  const created = stepRecord(step);
  return (
    <Flex gap={8} align="start" data-testid="run-step" data-outcome={step.outcome}>
      <span style={{ marginTop: 2 }}>{OUTCOME_ICONS[step.outcome]}</span>
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text>
          {t("automationActions.action.step", { n: step.action + 1 })} ·{" "}
          {t(`automationActions.kinds.${step.kind}`)} · {t(`automations.runs.outcomes.${step.outcome}`)}
          <Typography.Text type="secondary"> · {duration(step.ms)}</Typography.Text>
        </Typography.Text>
        {detail ? (
          <Typography.Text type="secondary" style={{ fontSize: 13, wordBreak: "break-word" }}>
            {detail}
          </Typography.Text>
        ) : null}
        {created ? <CreatedRecordLink {...created} /> : null}
        {error ? (
          <Typography.Text type="danger" style={{ fontSize: 13, wordBreak: "break-word" }}>
            {error}
          </Typography.Text>
        ) : null}
      </Flex>
    </Flex>
  );
}

/**
 * One run: its status, what fired it, the record (or the automation, on a record's page), when and how long,
 * each action's outcome with the server's detail or error, and Retry on a failed run for those who may.
 */
export function RunCard({
  run,
  automationName,
  canRetry,
}: {
  run: AutomationRun;
  /** Shown on a record's page, where the record is known and the automation is not. */
  automationName?: string;
  canRetry: boolean;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { message } = App.useApp();
  const retry = useRetryRun();
  const duration = useDuration();
  const error = runError(run, useStepWords(run.object));
  const trigger = runTrigger(run.trigger, { t, language });
  const ms = run.finished_at ? Date.parse(run.finished_at) - Date.parse(run.created_at) : null;
  const again = async () => {
    try {
      await retry.mutateAsync(run);
      message.success(t("automations.runs.retried"));
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };
  return (
    <Card size="small" data-testid="run-card" data-status={run.status}>
      <Flex justify="space-between" align="start" gap={8} wrap>
        <Flex gap={8} align="center" wrap style={{ minWidth: 0 }}>
          <Tag color={STATUS_COLORS[run.status]} style={{ marginInlineEnd: 0 }} data-testid="run-status">
            {t(`automations.runs.statuses.${run.status}`)}
          </Tag>
          <Typography.Text strong>{automationName ?? trigger}</Typography.Text>
          {automationName ? null : <RunRecordLink object={run.object} id={run.record_id} />}
        </Flex>
        {canRetry && run.status === "failed" ? (
          <Button
            size="small"
            icon={<RedoOutlined />}
            loading={retry.isPending}
            onClick={again}
            data-testid="run-retry"
          >
            {t("automations.runs.retry")}
          </Button>
        ) : null}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatDateTime(run.created_at, language)}
        {ms === null ? null : ` · ${duration(ms)}`}
        {automationName ? ` · ${trigger}` : null}
        {` · ${t("automations.runs.version", { version: run.version })}`}
      </Typography.Text>
      <Flex vertical gap={6} style={{ marginTop: 8 }}>
        {run.steps.map((step) => (
          <StepLine key={`${step.action}-${step.outcome}`} step={step} object={run.object} />
        ))}
        {run.steps.length === 0 && run.status !== "queued" && run.status !== "running" ? (
          <Typography.Text type="secondary">{t("automations.runs.noSteps")}</Typography.Text>
        ) : null}
        {error ? (
          <Typography.Text type="danger" style={{ wordBreak: "break-word" }} data-testid="run-error">
            {error}
          </Typography.Text>
        ) : null}
      </Flex>
    </Card>
  );
}
