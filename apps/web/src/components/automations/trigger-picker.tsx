import {
  CalendarOutlined,
  ClockCircleOutlined,
  DeleteOutlined,
  EditOutlined,
  FieldTimeOutlined,
  LinkOutlined,
  PlusCircleOutlined,
  RetweetOutlined,
  SwapOutlined,
} from "@ant-design/icons";
import type { AutomationTriggerKind } from "@keduo/core";
import { Flex, Typography, theme } from "antd";
import { type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useIsPhone } from "../../lib/use-is-phone.ts";

const KINDS: Array<{ kind: AutomationTriggerKind; icon: ReactNode }> = [
  { kind: "record_created", icon: <PlusCircleOutlined /> },
  { kind: "record_updated", icon: <EditOutlined /> },
  { kind: "field_changed", icon: <SwapOutlined /> },
  { kind: "record_deleted", icon: <DeleteOutlined /> },
  { kind: "date_relative", icon: <CalendarOutlined /> },
  { kind: "stagnation", icon: <FieldTimeOutlined /> },
  { kind: "recurring", icon: <RetweetOutlined /> },
  { kind: "schedule", icon: <ClockCircleOutlined /> },
  { kind: "inbound_webhook", icon: <LinkOutlined /> },
];

/**
 * The kinds of trigger as cards with what each is for, so an admin picks "30 days before a date" without
 * knowing the word "date_relative".
 */
export function TriggerPicker({
  value,
  onChange,
  id,
}: {
  value?: AutomationTriggerKind;
  onChange?: (kind: AutomationTriggerKind) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isPhone = useIsPhone();
  const name = useId();
  const [focused, setFocused] = useState<AutomationTriggerKind | null>(null);
  return (
    <Flex vertical gap={6}>
      <div
        id={id}
        role="radiogroup"
        aria-label={t("automations.sections.when")}
        style={{
          display: "grid",
          gridTemplateColumns: isPhone ? "1fr 1fr" : "repeat(auto-fill, minmax(190px, 1fr))",
          gap: 8,
        }}
      >
        {KINDS.map(({ kind, icon }) => {
          const chosen = value === kind;
          return (
            <label
              key={kind}
              data-testid={`trigger-${kind}`}
              style={{
                display: "block",
                position: "relative",
                cursor: "pointer",
                padding: isPhone ? "8px 10px" : "10px 12px",
                borderRadius: token.borderRadiusLG,
                border: `1px solid ${chosen ? token.colorPrimary : token.colorBorderSecondary}`,
                background: chosen ? token.colorPrimaryBg : token.colorBgContainer,
                boxShadow: chosen ? `0 0 0 1px ${token.colorPrimary}` : undefined,
                outline: focused === kind ? `2px solid ${token.colorPrimaryBorder}` : undefined,
                outlineOffset: 1,
              }}
            >
              {/* A real radio, out of sight: arrow keys and screen readers treat the cards as one choice. */}
              <input
                type="radio"
                name={name}
                value={kind}
                checked={chosen}
                onChange={() => onChange?.(kind)}
                onFocus={() => setFocused(kind)}
                onBlur={() => setFocused(null)}
                style={{ position: "absolute", opacity: 0, width: 1, height: 1, margin: 0 }}
              />
              <Flex gap={8} align="center">
                <span style={{ color: chosen ? token.colorPrimary : token.colorTextSecondary, fontSize: 16 }}>
                  {icon}
                </span>
                <Typography.Text strong>{t(`automations.triggers.${kind}`)}</Typography.Text>
              </Flex>
              {isPhone ? null : (
                <Typography.Text
                  type="secondary"
                  style={{ display: "block", marginTop: 4, fontSize: 12, lineHeight: 1.4 }}
                >
                  {t(`automations.triggerHelp.${kind}`)}
                </Typography.Text>
              )}
            </label>
          );
        })}
      </div>
      {/* The cards leave out what each kind is for at phone width: the chosen one's is said once, below. */}
      {isPhone && value ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`automations.triggerHelp.${value}`)}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
