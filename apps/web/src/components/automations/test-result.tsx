import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from "@ant-design/icons";
import { Alert, Flex, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AutomationTestResult } from "../../api/automation-trials.queries.ts";
import { StepLine } from "./run-card.tsx";

function ConditionLine({ condition }: { condition: AutomationTestResult["condition"] }) {
  const { t } = useTranslation();
  const { result, note } = condition;
  const icon =
    result === true ? (
      <CheckCircleFilled style={{ color: "#52c41a" }} />
    ) : result === false ? (
      <CloseCircleFilled style={{ color: "#faad14" }} />
    ) : (
      <QuestionCircleFilled style={{ color: "#bfbfbf" }} />
    );
  const words =
    result === true
      ? t("automationTrials.conditionHolds")
      : result === false
        ? t("automationTrials.conditionFails")
        : t("automationTrials.conditionUnknown");
  return (
    <Flex gap={8} align="start" data-testid="test-condition" data-result={String(result)}>
      <span style={{ marginTop: 2 }}>{icon}</span>
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text strong>{words}</Typography.Text>
        {note ? (
          <Typography.Text type="secondary" style={{ fontSize: 13, wordBreak: "break-word" }}>
            {note}
          </Typography.Text>
        ) : null}
      </Flex>
    </Flex>
  );
}

/** A test's answer: that it was a dry run, whether the condition holds, then each action card's outcome. */
export function TestResult({ result, object }: { result: AutomationTestResult; object: string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12} data-testid="test-result">
      <Alert type="info" showIcon message={t("automationTrials.dryRun")} data-testid="test-dry-run" />
      <ConditionLine condition={result.condition} />
      {result.steps.length ? (
        <Flex vertical gap={6}>
          <Typography.Text strong>{t("automationTrials.steps")}</Typography.Text>
          {result.steps.map((step) => (
            <StepLine key={`${step.action}-${step.outcome}`} step={step} object={object} />
          ))}
        </Flex>
      ) : result.condition.result === false ? null : (
        <Typography.Text type="secondary">{t("automations.runs.noSteps")}</Typography.Text>
      )}
      <Link to={`/o/${object}/${result.record_id}`} target="_blank" data-testid="test-record-link">
        {t("automationTrials.openRecord")}
      </Link>
    </Flex>
  );
}
