import { readAmountText } from "@keduo/core";
import { Flex, Input, Typography } from "antd";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

/** 1234567.5 → "1,234,567.5": thousands separators on the integer part of an exact decimal string. */
export function groupDigits(value: string): string {
  const [whole = "", fraction] = value.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const grouped = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${fraction !== undefined ? `.${fraction}` : ""}`;
}

/**
 * A money or number box that keeps what was typed: `1,200,000`, `120万`, `1.2e6` and `一百二十万` are read
 * as numbers (core readAmountText) and shown with separators once the box is left; anything else stays in the
 * box, marked, with a message in place — and is sent as typed, so the server refuses it at the field rather
 * than the value being cleared and saved empty.
 */
export function AmountInput({
  value,
  onChange,
  id,
  disabled,
  suffix,
  ariaLabel,
}: {
  value?: string | number | null;
  onChange?: (value: string | null) => void;
  id?: string;
  disabled?: boolean;
  suffix?: ReactNode;
  ariaLabel?: string;
}) {
  const { t } = useTranslation();
  const stored = value === null || value === undefined ? "" : String(value);
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (readAmountText(stored) !== null ? groupDigits(readAmountText(stored)!) : stored);
  const unreadable = shown.trim() !== "" && readAmountText(shown) === null;

  return (
    <Flex vertical style={{ width: "100%" }}>
      <Input
        id={id}
        aria-label={ariaLabel}
        disabled={disabled}
        inputMode="decimal"
        value={shown}
        suffix={suffix}
        status={unreadable ? "error" : undefined}
        onFocus={() => setText(shown)}
        onChange={(event) => {
          const typed = event.target.value;
          setText(typed);
          if (typed.trim() === "") onChange?.(null);
          else onChange?.(readAmountText(typed) ?? typed);
        }}
        onBlur={() => {
          const read = text === null ? null : readAmountText(text);
          // Left with a number: shown as stored, with separators. Left with anything else: kept as typed.
          if (read !== null || text?.trim() === "") setText(null);
        }}
      />
      {unreadable ? (
        <Typography.Text type="danger" style={{ fontSize: 12 }} role="alert" data-testid="amount-unreadable">
          {t("fields.amountUnreadable")}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
