import type { AutomationRun } from "@keduo/core";
import { useTranslation } from "react-i18next";
import { useRecordAutomationRuns } from "../../api/automations.queries.ts";
import { useCurrentUser } from "../../api/session.ts";
import { hasPermission } from "../../api/users.queries.ts";
import { useLabel } from "../../i18n/index.ts";
import { RunList } from "./run-log.tsx";

/**
 * What automations did on one record, for anyone who may read it (a tab of the record page), each run by its
 * automation's name; an admin may retry a failed one.
 */
export function RecordAutomationRuns({ object, id }: { object: string; id: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const admin = hasPermission(useCurrentUser(), "manage_metadata");
  const runs = useRecordAutomationRuns(object, id);
  const nameOf = (run: AutomationRun) =>
    (run.automation_labels ? label(run.automation_labels) : "") || run.automation;
  return (
    <RunList
      runs={runs}
      nameOf={nameOf}
      canRetry={admin}
      empty={{ title: t("automations.runs.recordEmpty") }}
    />
  );
}
