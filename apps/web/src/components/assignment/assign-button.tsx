import { UserSwitchOutlined } from "@ant-design/icons";
import { App, Button, Popconfirm, Tooltip } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type AssignmentDecision,
  assignByRules,
  useEnabledAssignmentRules,
} from "../../api/assignment.queries.ts";
import type { ObjectMeta } from "../../api/types.ts";
import { problemMessage } from "../error-result.tsx";

/** What happened, in one line: who got how many, and how many no rule matched or nobody could take. */
function useResultLine() {
  const { t } = useTranslation();
  return (count: number, decisions: AssignmentDecision[]): string => {
    const people = new Map<string, { name: string; count: number }>();
    for (const d of decisions) {
      const chosen = d.candidates.find((c) => c.user_id === d.user_id);
      if (!chosen) continue;
      const entry = people.get(chosen.user_id) ?? { name: chosen.name, count: 0 };
      entry.count += 1;
      people.set(chosen.user_id, entry);
    }
    const assigned = [...people.values()].reduce((sum, p) => sum + p.count, 0);
    const nobody = decisions.length - assigned;
    const unmatched = count - decisions.length;
    const parts: string[] = [];
    if (assigned)
      parts.push(
        t("assignment.bulk.done", {
          count: assigned,
          people: [...people.values()]
            .map((p) => t("assignment.bulk.person", { name: p.name, count: p.count }))
            .join(t("assignment.bulk.listSeparator")),
        }),
      );
    if (unmatched) parts.push(t("assignment.bulk.unmatched", { count: unmatched }));
    if (nobody) parts.push(t("assignment.bulk.nobody", { count: nobody }));
    return parts.join(t("assignment.decision.separator"));
  };
}

/**
 * "Assign by rules" for selected records: the object's assignment rules choose each one's owner. Offered only
 * where at least one rule is on (elsewhere every record would come back "no rule matched").
 */
export function AssignByRulesButton({
  object,
  ids,
  notAllowed,
  onDone,
}: {
  object: ObjectMeta;
  ids: string[];
  /** How many of the records the user may not transfer (then the button is off, saying so). */
  notAllowed: number;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const resultLine = useResultLine();
  const enabledRules = useEnabledAssignmentRules(object.api_name);
  const run = async () => {
    setBusy(true);
    try {
      const decisions = await assignByRules(object.api_name, ids);
      const line = resultLine(ids.length, decisions);
      if (decisions.some((d) => d.user_id)) message.success({ content: line, duration: 6 });
      else message.warning({ content: line, duration: 6 });
      onDone();
    } catch (error) {
      message.error(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  };
  if (!enabledRules.data) return null;
  return (
    <Tooltip title={notAllowed ? t("assignment.bulk.notAllowed", { count: notAllowed }) : undefined}>
      <Popconfirm
        title={t("assignment.bulk.confirm", { count: ids.length })}
        onConfirm={run}
        disabled={notAllowed > 0}
        okButtonProps={{ ...({ "data-testid": "assign-by-rules-ok" } as Record<string, string>) }}
      >
        <Button
          size="small"
          icon={<UserSwitchOutlined />}
          disabled={notAllowed > 0}
          loading={busy}
          data-testid="assign-by-rules"
        >
          {t("assignment.bulk.button")}
        </Button>
      </Popconfirm>
    </Tooltip>
  );
}
