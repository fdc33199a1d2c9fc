import { UserSwitchOutlined } from "@ant-design/icons";
import { Card, Flex, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { type AssignmentDecision, useAssignmentDecision } from "../../api/assignment.queries.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { formatDateTime } from "../../lib/format.ts";

/** The decision in the reader's language, from its parts (the stored summary is for logs and the API). */
function useDecisionSentence(object: ObjectMeta) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  return (decision: AssignmentDecision): string => {
    const matched = t("assignment.decision.matched", {
      n: decision.rule_number,
      rule: label(decision.rule_labels),
    });
    const chosen = decision.candidates.find((c) => c.user_id === decision.user_id);
    if (!chosen) {
      const reason = decision.candidates.length
        ? t("assignment.decision.nobodyPassed")
        : t("assignment.decision.nobodyEmpty");
      return `${matched}${t("assignment.decision.separator")}${t("assignment.decision.nobody", { reason })}`;
    }
    // "12 open leads" in English; 条未结线索 in Chinese, where the noun does not change with the number.
    const noun =
      language === "en"
        ? label(chosen.load === 1 ? object.labels : object.plural_labels).toLowerCase()
        : label(object.labels);
    const why =
      decision.strategy === "round_robin"
        ? t("assignment.decision.roundRobin", { name: chosen.name })
        : t("assignment.decision.leastLoaded", { name: chosen.name, count: chosen.load, objects: noun });
    return `${matched}${t("assignment.decision.separator")}${why}`;
  };
}

/**
 * Why the record has its owner, when assignment rules gave it one: the rule that matched, the person chosen
 * and why, and everyone the rule weighed with their open records (or why they were passed over).
 */
export function AssignmentDecisionCard({
  object,
  id,
  ownerId,
}: {
  object: ObjectMeta;
  id: string;
  ownerId: string | null;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const decision = useAssignmentDecision(object.api_name, id);
  const sentence = useDecisionSentence(object);
  const { data } = decision;
  // A decision explains the owner it gave; once someone transferred the record by hand it no longer does.
  if (!data || (data.user_id !== null && data.user_id !== ownerId)) return null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      title={
        <Flex gap={8} align="center">
          <UserSwitchOutlined />
          <span>{t("assignment.decision.title")}</span>
        </Flex>
      }
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("assignment.decision.decidedAt", { time: formatDateTime(data.decided_at, language) })}
        </Typography.Text>
      }
      data-testid="assignment-decision"
    >
      <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="assignment-decision-sentence">
        {sentence(data)}
      </Typography.Paragraph>
      <Flex gap={6} wrap align="center">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("assignment.decision.weighed")}
        </Typography.Text>
        {data.candidates.map((c) => (
          <Tag
            key={c.user_id}
            color={c.user_id === data.user_id ? "blue" : undefined}
            style={{ marginInlineEnd: 0 }}
          >
            {c.name} ·{" "}
            {c.passed_over === "away"
              ? t("assignment.decision.away")
              : c.passed_over === "at_capacity"
                ? `${t("assignment.decision.load", { count: c.load })} · ${t("assignment.decision.atCapacity")}`
                : t("assignment.decision.load", { count: c.load })}
            {c.user_id === data.user_id ? ` · ${t("assignment.decision.chosen")}` : null}
          </Tag>
        ))}
      </Flex>
    </Card>
  );
}
