import type { RunAs } from "@keduo/core";
import { Flex, Radio, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { UserSelect } from "../user-select.tsx";

/** Whose rights the automation's writes use: the system's, or a chosen user's (checked like their requests). */
export function RunAsInput({
  value,
  onChange,
  id,
}: {
  value?: RunAs;
  onChange?: (value: RunAs) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const runAs = value ?? { kind: "system" };
  return (
    <Flex vertical gap={8}>
      <Radio.Group
        id={id}
        value={runAs.kind}
        onChange={(e) =>
          onChange?.(e.target.value === "user" ? { kind: "user", user: "" } : { kind: "system" })
        }
        options={[
          { value: "system", label: t("automationActions.runAs.system") },
          { value: "user", label: t("automationActions.runAs.user") },
        ]}
      />
      {runAs.kind === "user" ? (
        <div style={{ maxWidth: 360 }}>
          <UserSelect
            value={runAs.user || null}
            onChange={(user) => onChange?.({ kind: "user", user: user ?? "" })}
          />
        </div>
      ) : null}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(runAs.kind === "user" ? "automationActions.runAs.userHelp" : "automationActions.runAs.systemHelp")}
      </Typography.Text>
    </Flex>
  );
}
