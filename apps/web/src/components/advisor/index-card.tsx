import type { AdvisorIndex, PlanEstimate } from "@keduo/core";
import { App, Button, Card, Descriptions, Flex, Popconfirm, Space, Tag, Tooltip, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type IndexAction, useIndexAction } from "../../api/advisor.queries.ts";
import type { Locale } from "../../api/types.ts";
import { formatDateTime, formatFileSize, formatNumber } from "../../lib/format.ts";
import { type ColumnNamer, keysInWords } from "../../lib/index-words.ts";
import { problemMessage } from "../error-result.tsx";

/** One message slot for the page: a new outcome replaces the last rather than stacking under it. */
export const ADVISOR_MESSAGE = "index-advisor";

const STATUS_COLOR = { proposed: "blue", building: "processing", built: "green", failed: "red" } as const;
type ShownStatus = keyof typeof STATUS_COLOR;

export function StatusTag({ status }: { status: AdvisorIndex["status"] }) {
  const { t } = useTranslation();
  if (!(status in STATUS_COLOR)) return null;
  const shown = status as ShownStatus;
  return (
    <Tag color={STATUS_COLOR[shown]} data-testid="advisor-status">
      {t(`advisor.status.${shown}`)}
    </Tag>
  );
}

function Gain({ reason, language }: { reason: AdvisorIndex["reason"]; language: Locale }) {
  const { t } = useTranslation();
  const figures = (plan: PlanEstimate) => ({
    count: plan.rowsRead,
    read: formatNumber(plan.rowsRead, language),
    matched: formatNumber(plan.rowsMatched, language),
    cost: formatNumber(Math.round(plan.cost * 10) / 10, language),
  });
  if (!reason.before) return <Typography.Text type="secondary">{t("advisor.gainUnknown")}</Typography.Text>;
  return (
    <Flex vertical data-testid="advisor-gain">
      <span>{t("advisor.gainBefore", figures(reason.before))}</span>
      {reason.after ? <span>{t("advisor.gainAfter", figures(reason.after))}</span> : null}
    </Flex>
  );
}

/**
 * One index of the advisor's in words: its object, columns (field labels, ↑/↓) and the live-records
 * condition, why it was proposed and what the planner expects, and — once built — size, use and who built it.
 */
export function IndexCard(props: {
  index: AdvisorIndex;
  objectLabel: string;
  name: ColumnNamer;
  language: Locale;
}) {
  const { index, objectLabel, name, language } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const act = useIndexAction();
  const busy = act.isPending ? act.variables?.action : undefined;

  const run = async (action: IndexAction) => {
    const key = ADVISOR_MESSAGE;
    if (action === "build") message.loading({ content: t("advisor.building"), key, duration: 0 });
    try {
      const answer = await act.mutateAsync({ index, action });
      if (answer?.index?.status === "failed") message.error({ content: answer.index.error ?? "", key });
      else
        message.success({
          content: t(
            action === "build"
              ? "advisor.builtMessage"
              : action === "drop"
                ? "advisor.dropped"
                : "advisor.dismissed",
          ),
          key,
        });
    } catch (error) {
      message.error({ content: problemMessage(error, t), key });
    }
  };

  const confirm = (action: "drop" | "dismiss", button: ReactNode) => (
    <Popconfirm
      title={t(action === "drop" ? "advisor.dropConfirm" : "advisor.dismissConfirm")}
      okText={t("advisor.confirm")}
      cancelText={t("advisor.cancel")}
      okButtonProps={{ danger: action === "drop" }}
      onConfirm={() => run(action)}
    >
      {button}
    </Popconfirm>
  );

  const { reason } = index;
  const items = [
    {
      key: "columns",
      label: t("advisor.columns"),
      children: (
        <Flex wrap gap={4} align="center">
          <Typography.Text strong data-testid="advisor-columns">
            {keysInWords(index.definition, name)}
          </Typography.Text>
          {index.definition.include.length ? (
            <Typography.Text type="secondary">
              {t("advisor.include", {
                columns: index.definition.include.map(name).join(t("advisor.separator")),
              })}
            </Typography.Text>
          ) : null}
          <Tag>{t("advisor.liveOnly")}</Tag>
        </Flex>
      ),
    },
    {
      key: "why",
      label: t("advisor.why"),
      children: t("advisor.whyText", {
        count: reason.calls,
        calls: formatNumber(reason.calls, language),
        slow: formatNumber(reason.slow_calls, language),
        p95: formatNumber(Math.round(reason.p95_ms * 10) / 10, language),
      }),
    },
    { key: "gain", label: t("advisor.gain"), children: <Gain reason={reason} language={language} /> },
  ];
  if (index.status === "built") {
    items.push(
      {
        key: "size",
        label: t("advisor.size"),
        children: (
          <span data-testid="advisor-size">
            {index.bytes === null ? "—" : formatFileSize(index.bytes, language)}
          </span>
        ),
      },
      {
        key: "scans",
        label: t("advisor.scans"),
        children: index.scans === null ? "—" : formatNumber(index.scans, language),
      },
      {
        key: "by",
        label: t("advisor.builtBy"),
        children: (
          <span data-testid="advisor-built-by">
            {index.automatic ? t("advisor.automatic") : (index.built_by?.name ?? t("advisor.byAdmin"))}
          </span>
        ),
      },
    );
  }
  const when = index.built_at ?? index.created_at;
  items.push({
    key: "when",
    label: t(index.built_at ? "advisor.builtAt" : "advisor.proposedAt"),
    children: formatDateTime(when, language),
  });
  if (index.error)
    items.push({
      key: "error",
      label: t("advisor.error"),
      children: (
        <Typography.Text type="danger" style={{ wordBreak: "break-word" }} data-testid="advisor-error">
          {index.error}
        </Typography.Text>
      ),
    });

  const canBuild = index.status === "proposed" || index.status === "failed";
  return (
    <Card
      size="small"
      data-testid={`advisor-index-${index.index_name}`}
      data-status={index.status}
      title={
        <Space size={6} wrap>
          <span>{objectLabel}</span>
          <StatusTag status={index.status} />
          {index.unused ? (
            <Tooltip title={t("advisor.unusedHelp")}>
              <Tag color="orange" data-testid="advisor-unused">
                {t("advisor.unused")}
              </Tag>
            </Tooltip>
          ) : null}
        </Space>
      }
    >
      <Descriptions size="small" column={1} items={items} />
      <Flex gap={8} wrap justify="flex-end" style={{ marginTop: 8 }}>
        {canBuild
          ? confirm(
              "dismiss",
              <Button disabled={act.isPending} loading={busy === "dismiss"} data-testid="advisor-dismiss">
                {t("advisor.dismiss")}
              </Button>,
            )
          : null}
        {canBuild ? (
          <Button
            type="primary"
            loading={busy === "build"}
            disabled={act.isPending}
            onClick={() => void run("build")}
            data-testid="advisor-build"
          >
            {t("advisor.build")}
          </Button>
        ) : null}
        {index.status === "built"
          ? confirm(
              "drop",
              <Button
                danger={index.unused}
                loading={busy === "drop"}
                disabled={act.isPending}
                data-testid="advisor-drop"
              >
                {t("advisor.drop")}
              </Button>,
            )
          : null}
      </Flex>
    </Card>
  );
}
