import { App, Switch } from "antd";
import { useTranslation } from "react-i18next";
import { type Automation, useSaveAutomation } from "../../api/automations.queries.ts";
import { useLabel } from "../../i18n/index.ts";
import { problemMessage } from "../error-result.tsx";

/** Switches an automation on or off at once (a PATCH of `enabled` alone), with the outcome in a toast. */
export function AutomationSwitch({ automation, size }: { automation: Automation; size?: "small" }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const save = useSaveAutomation();
  const name = label(automation.labels) || automation.api_name;
  const toggle = async (enabled: boolean) => {
    try {
      await save.mutateAsync({ id: automation.id, change: { enabled } });
      message.success(t(enabled ? "automations.switchedOn" : "automations.switchedOff", { name }));
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };
  return (
    <Switch
      size={size}
      checked={automation.enabled}
      loading={save.isPending}
      onChange={toggle}
      // The row around it opens the editor; the switch must not.
      onClick={(_, event) => event.stopPropagation()}
      aria-label={t("automations.columns.enabled")}
      data-testid={`automation-switch-${automation.api_name}`}
    />
  );
}
