import type { AutomationRun } from "@keduo/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useAutomations, useRecordAutomationRuns } from "../../api/automations.queries.ts";
import { useCurrentUser } from "../../api/session.ts";
import { hasPermission } from "../../api/users.queries.ts";
import { useLabel } from "../../i18n/index.ts";
import { RunList } from "./run-log.tsx";

/**
 * What automations did on one record, for anyone who may read it (a tab of the record page). Runs name their
 * automation by API name; an admin, who may read the definitions, sees their names instead, and may retry.
 */
export function RecordAutomationRuns({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const admin = hasPermission(useCurrentUser(), "manage_metadata");
  const runs = useRecordAutomationRuns(object, id);
  const definitions = useAutomations(object, { enabled: admin });
  const names = useMemo(
    () => new Map((admin ? (definitions.data ?? []) : []).map((a) => [a.id, label(a.labels) || a.api_name])),
    [admin, definitions.data, label],
  );
  const nameOf = (run: AutomationRun) => names.get(run.automation_id) ?? run.automation;
  return (
    <RunList
      runs={runs}
      nameOf={nameOf}
      canRetry={admin}
      empty={{ title: t("automations.runs.recordEmpty") }}
    />
  );
}
