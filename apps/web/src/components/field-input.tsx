import { readAmountText } from "@keduo/core";
import { DatePicker, Input, Select, Space, Switch, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { AddressValue, CurrencyValue, FieldMeta, StoredFile } from "../api/types.ts";
import { useLabel } from "../i18n/index.ts";
import { AddressInput } from "./address-input.tsx";
import { AmountInput } from "./amount-input.tsx";
import { AttachmentInput } from "./attachment-input.tsx";
import { DepartmentSelect } from "./department-select.tsx";
import { RelationSelect } from "./relation-select.tsx";
import { UserSelect } from "./user-select.tsx";

export const CURRENCIES = [
  "CNY",
  "USD",
  "EUR",
  "HKD",
  "JPY",
  "GBP",
  "TWD",
  "SGD",
  "KRW",
  "AUD",
  "CAD",
  "CHF",
];

// The editor is a separate chunk: list pages never load it, forms fetch it with their first rich-text field.
const RichTextInput = lazy(() => import("./rich-text-input.tsx").then((m) => ({ default: m.RichTextInput })));

export interface FieldInputProps {
  field: FieldMeta;
  value?: unknown;
  onChange?: (value: unknown) => void;
  disabled?: boolean;
  id?: string;
  /** Filters want one option of a select, forms all of them. */
  multiple?: boolean;
}

function CurrencyInput({
  value,
  onChange,
  defaultCurrency,
  disabled,
  id,
}: {
  value?: CurrencyValue | null;
  onChange?: (value: CurrencyValue | null) => void;
  defaultCurrency: string;
  disabled?: boolean;
  id?: string;
}) {
  const { t } = useTranslation();
  const currency = value?.currency ?? defaultCurrency;
  return (
    // Top-aligned: a message under the amount box does not stretch the currency box.
    <Space.Compact block style={{ alignItems: "flex-start" }}>
      <Select
        aria-label={t("fields.currency")}
        style={{ width: 96 }}
        disabled={disabled}
        value={currency}
        options={CURRENCIES.map((code) => ({ value: code, label: code }))}
        onChange={(code) => onChange?.(value?.amount ? { amount: value.amount, currency: code } : null)}
      />
      <AmountInput
        id={id}
        ariaLabel={t("fields.amount")}
        disabled={disabled}
        value={value?.amount ?? null}
        onChange={(amount) => onChange?.(amount === null ? null : { amount, currency })}
      />
    </Space.Compact>
  );
}

/** The input for one field, chosen by its type; values are shaped as the records API reads and writes them. */
/**
 * Enter in a date picker confirms the typed date (the picker handles it first); it must not also submit the
 * record form around it, half-filled.
 */
const keepEnterInPicker = (event: React.KeyboardEvent) => {
  if (event.key === "Enter") event.preventDefault();
};

export function FieldInput({ field, value, onChange, disabled, id, multiple }: FieldInputProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const change = (next: unknown) => onChange?.(next);
  const common = { id, disabled };

  switch (field.type) {
    case "text":
      return (
        <Input
          {...common}
          value={(value as string) ?? ""}
          maxLength={field.config.max_length}
          onChange={(e) => change(e.target.value)}
        />
      );
    case "rich_text":
      return (
        <Suspense fallback={<Input.TextArea disabled rows={4} placeholder={t("richText.loading")} />}>
          <RichTextInput {...common} value={(value as string | null) ?? null} onChange={change} />
        </Suspense>
      );
    case "long_text":
      return (
        <Input.TextArea
          {...common}
          value={(value as string) ?? ""}
          autoSize={{ minRows: 3, maxRows: 12 }}
          maxLength={field.config.max_length}
          onChange={(e) => change(e.target.value)}
        />
      );
    case "email":
      return (
        <Input
          {...common}
          // Not type="email": Chromium hands a Unicode domain back as punycode (issue 15 part 7).
          inputMode="email"
          value={(value as string) ?? ""}
          onChange={(e) => change(e.target.value)}
        />
      );
    case "phone":
      return (
        <Input
          {...common}
          type="tel"
          value={(value as string) ?? ""}
          onChange={(e) => change(e.target.value)}
        />
      );
    case "url":
      return (
        <Input
          {...common}
          type="url"
          placeholder="https://"
          value={(value as string) ?? ""}
          onChange={(e) => change(e.target.value)}
        />
      );
    case "number":
    case "percent":
      return (
        <AmountInput
          {...common}
          suffix={field.type === "percent" ? "%" : undefined}
          value={(value as number | string | null) ?? null}
          // A number read from the text goes to the API as a number; unreadable text as typed (refused there).
          onChange={(next) => change(next !== null && readAmountText(next) === next ? Number(next) : next)}
        />
      );
    case "currency":
      return (
        <CurrencyInput
          {...common}
          value={value as CurrencyValue | null}
          onChange={change}
          defaultCurrency={field.config.default_currency ?? "CNY"}
        />
      );
    case "date":
      return (
        <DatePicker
          {...common}
          onKeyDown={keepEnterInPicker}
          style={{ width: "100%" }}
          value={value ? dayjs(String(value)) : null}
          onChange={(date) => change(date ? date.format("YYYY-MM-DD") : null)}
        />
      );
    case "datetime":
      return (
        <DatePicker
          {...common}
          onKeyDown={keepEnterInPicker}
          showTime={{ format: "HH:mm" }}
          format="YYYY-MM-DD HH:mm"
          style={{ width: "100%" }}
          value={value ? dayjs(String(value)) : null}
          onChange={(date) => change(date ? date.toISOString() : null)}
        />
      );
    case "boolean":
      return <Switch {...common} checked={value === true} onChange={(checked) => change(checked)} />;
    case "single_select":
    case "multi_select": {
      const many = field.type === "multi_select" || multiple;
      return (
        <Select
          {...common}
          mode={many ? "multiple" : undefined}
          allowClear
          style={{ width: "100%" }}
          placeholder={t("fields.selectPlaceholder")}
          value={(value as string | string[] | null) ?? (many ? [] : null)}
          onChange={(next) => change(next ?? null)}
          showSearch={{ optionFilterProp: "text" }}
          options={(field.config.options ?? []).map((option) => ({
            value: option.value,
            text: label(option.labels),
            label: (
              <Tag color={option.color} style={{ marginInlineEnd: 0 }}>
                {label(option.labels)}
              </Tag>
            ),
          }))}
        />
      );
    }
    case "address":
      return <AddressInput {...common} value={value as AddressValue | null} onChange={change} />;
    case "user":
      return <UserSelect {...common} value={(value as string) ?? null} onChange={change} />;
    case "department":
      return (
        <DepartmentSelect
          {...common}
          multiple={multiple || field.config.multiple === true}
          value={value as string | string[] | null}
          onChange={change}
        />
      );
    case "relation":
      return (
        <RelationSelect
          {...common}
          target={field.config.relation?.target ?? ""}
          multiple={multiple || field.config.relation?.cardinality === "many_to_many"}
          value={value as string | string[] | null}
          onChange={change}
        />
      );
    case "attachment":
      return (
        <AttachmentInput
          {...common}
          value={value as StoredFile[] | null}
          onChange={change}
          maxFiles={field.config.max_files}
        />
      );
    case "auto_number":
      return (
        <Typography.Text type="secondary" id={id}>
          {(value as string) || t("record.autoNumberPending")}
        </Typography.Text>
      );
    default:
      return <Input {...common} value={String(value ?? "")} onChange={(e) => change(e.target.value)} />;
  }
}
