import type { AutomationAction } from "@keduo/core";
import { Alert, Empty, Flex, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AutomationPreview, PreviewHit } from "../../api/automation-trials.queries.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { describeActions } from "../../lib/automation-describe.ts";
import { formatDate } from "../../lib/format.ts";

/** The hits by day, in the order the server found them (day by day). */
function byDate(hits: PreviewHit[]): Array<[string, PreviewHit[]]> {
  const days = new Map<string, PreviewHit[]>();
  for (const hit of hits) days.set(hit.date, [...(days.get(hit.date) ?? []), hit]);
  return [...days.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** The text an action carries that says what it is about: a notification's title, a task's subject. */
function actionText(action: AutomationAction) {
  if (action.kind === "notify") return action.title;
  if (action.kind === "create_task" || action.kind === "send_email") return action.subject;
  return null;
}

/** "第 1 步 · 发送通知：合同 30 天后到期：{{name}}", one line per action. */
function ActionWords({
  actions,
  object,
  objects,
}: {
  actions: AutomationAction[];
  object: ObjectMeta;
  objects: ObjectMeta[];
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const context = { t, label, object };
  return (
    <Flex vertical gap={2} data-testid="preview-actions">
      <Typography.Text strong>{t("automationTrials.wouldDo")}</Typography.Text>
      {actions.map((action, i) => {
        const what = describeActions(context, [action], objects);
        const text = label(actionText(action));
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: actions are in order and have no id.
          <Typography.Text key={i}>
            {text
              ? t("automationTrials.actionWithText", { n: i + 1, what, text })
              : t("automationTrials.action", { n: i + 1, what })}
          </Typography.Text>
        );
      })}
    </Flex>
  );
}

/** A preview's answer: the days it covers, the records by day (each a link), and what each would get. */
export function PreviewHits({
  preview,
  days,
  object,
  objects,
}: {
  preview: AutomationPreview;
  days: number;
  object: ObjectMeta;
  objects: ObjectMeta[];
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <Flex vertical gap={12} data-testid="preview-result">
      <Typography.Text type="secondary">
        {t("automationTrials.range", {
          from: formatDate(preview.from, language),
          to: formatDate(preview.to, language),
        })}
        {preview.hits.length ? ` · ${t("automationTrials.hits", { count: preview.hits.length })}` : null}
      </Typography.Text>
      {preview.truncated ? (
        <Alert
          type="info"
          showIcon
          message={t("automationTrials.truncated")}
          data-testid="preview-truncated"
        />
      ) : null}
      {preview.hits.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t("automationTrials.empty", { days })}
          data-testid="preview-empty"
        />
      ) : (
        byDate(preview.hits).map(([date, hits]) => (
          <Flex vertical gap={4} key={date} data-testid="preview-day" data-date={date}>
            <Tag style={{ alignSelf: "flex-start" }}>{formatDate(date, language)}</Tag>
            {hits.map((hit) => (
              <Link
                key={`${hit.record_id}-${hit.occurrence}`}
                to={`/o/${object.api_name}/${hit.record_id}`}
                target="_blank"
                style={{ wordBreak: "break-word", paddingInlineStart: 8 }}
                data-testid="preview-hit"
              >
                {hit.label ?? hit.record_id}
              </Link>
            ))}
          </Flex>
        ))
      )}
      <ActionWords actions={preview.actions} object={object} objects={objects} />
    </Flex>
  );
}
