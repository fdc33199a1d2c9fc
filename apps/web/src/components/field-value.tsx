import { PaperClipOutlined } from "@ant-design/icons";
import { countryName, isLocale, type Locale, type Translatable } from "@keduo/core";
import { Tag, Typography } from "antd";
import type { TFunction } from "i18next";
import { type ReactNode, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type {
  AddressValue,
  CurrencyValue,
  FieldMeta,
  ObjectMeta,
  RecordData,
  StoredFile,
  User,
} from "../api/types.ts";
import { pickLabel } from "../i18n/index.ts";
import {
  formatDate,
  formatDateTime,
  formatFileSize,
  formatMoney,
  formatNumber,
  formatPercent,
} from "../lib/format.ts";
import { recordTitle } from "../lib/metadata.ts";
import { PersonName } from "./person-name.tsx";
import { RichTextView } from "./rich-text-view.tsx";

/** Lookups a value may need to be shown by name rather than by id. */
export interface ValueContext {
  objects: ObjectMeta[];
  divisions?: Map<string, string>;
  departments?: Map<string, string>;
  currentUser?: User | null;
}

const empty = <Typography.Text type="secondary">—</Typography.Text>;

const isBlank = (value: unknown) =>
  value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

function RelationLink({ target, value, objects }: { target: string; value: unknown; objects: ObjectMeta[] }) {
  const object = objects.find((o) => o.api_name === target);
  if (value && typeof value === "object" && "id" in value) {
    const record = value as RecordData;
    return (
      <Link to={`/o/${target}/${record.id}`} onClick={(e) => e.stopPropagation()}>
        {recordTitle(object, record)}
      </Link>
    );
  }
  if (typeof value === "string") {
    return (
      <Link to={`/o/${target}/${value}`} onClick={(e) => e.stopPropagation()}>
        #{value.slice(-6)}
      </Link>
    );
  }
  return null;
}

/** What showing a value needs from the UI language: a list reads it once for all its cells. */
export interface ValueLocale {
  t: TFunction;
  language: Locale;
  label: (label: Partial<Translatable> | null | undefined) => string;
}

export function useValueLocale(): ValueLocale {
  const { t, i18n: instance } = useTranslation();
  const language: Locale = isLocale(instance.language) ? instance.language : "zh-CN";
  return useMemo(() => ({ t, language, label: (l) => pickLabel(l, language) }), [t, language]);
}

/** Shows one field's value the way people read it: names not ids, money with its currency, dates per locale. */
export function FieldValue({
  field,
  value,
  context,
  compact,
}: {
  field: FieldMeta;
  value: unknown;
  context: ValueContext;
  /** Lists and cards: short forms (万/亿 amounts, one line). */
  compact?: boolean;
}): ReactNode {
  return fieldValueNode(field, value, context, useValueLocale(), compact);
}

/**
 * FieldValue without a component of its own: a list renders hundreds of cells, and a component per cell
 * (each subscribing to the language) costs more than the value it shows.
 */
export function fieldValueNode(
  field: FieldMeta,
  value: unknown,
  context: ValueContext,
  { t, language, label }: ValueLocale,
  compact?: boolean,
): ReactNode {
  if (isBlank(value) && field.type !== "boolean") return empty;

  switch (field.type) {
    case "number":
      return formatNumber(value as number, language);
    case "percent":
      return formatPercent(value as number, language);
    case "currency": {
      const money = value as CurrencyValue;
      const text = formatMoney(money.amount, money.currency, language, { compact });
      return compact ? <span title={formatMoney(money.amount, money.currency, language)}>{text}</span> : text;
    }
    case "date":
      return formatDate(String(value), language);
    case "datetime":
      return formatDateTime(String(value), language);
    case "boolean":
      return value === true ? t("common.yes") : value === false ? t("common.no") : empty;
    case "single_select":
    case "multi_select": {
      const values = Array.isArray(value) ? (value as string[]) : [String(value)];
      return values.map((v) => {
        const option = field.config.options?.find((o) => o.value === v);
        return (
          <Tag key={v} color={option?.color} style={{ marginInlineEnd: 4 }}>
            {option ? label(option.labels) : v}
          </Tag>
        );
      });
    }
    case "email":
      return (
        <a href={`mailto:${String(value)}`} onClick={(e) => e.stopPropagation()}>
          {String(value)}
        </a>
      );
    case "phone":
      return (
        <a href={`tel:${String(value)}`} onClick={(e) => e.stopPropagation()}>
          {String(value)}
        </a>
      );
    case "url":
      return (
        <a
          href={String(value)}
          target="_blank"
          rel="noreferrer noopener"
          onClick={(e) => e.stopPropagation()}
        >
          {String(value)}
        </a>
      );
    case "rich_text":
      return <RichTextView html={String(value)} compact={compact} />;
    case "long_text":
      return compact ? (
        <Typography.Text ellipsis style={{ maxWidth: 280 }}>
          {String(value)}
        </Typography.Text>
      ) : (
        <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }}>
          {String(value)}
        </Typography.Paragraph>
      );
    case "address": {
      const address = value as AddressValue;
      if (address.country) {
        const abroad = `${countryName(address.country, language)} ${address.detail ?? ""}`.trim();
        // the lines as typed: a record page keeps their breaks, a list cell runs them on
        return compact ? abroad : <span style={{ whiteSpace: "pre-line" }}>{abroad}</span>;
      }
      const names = context.divisions;
      const parts = [address.province, address.city, address.district]
        .filter((code): code is string => Boolean(code))
        .map((code) => names?.get(code) ?? code)
        // Municipalities repeat themselves (北京市 / 市辖区): skip the placeholder level.
        .filter((name) => name !== "市辖区" && name !== "县");
      return [...new Set(parts)].join(" ") + (address.detail ? ` ${address.detail}` : "");
    }
    case "user":
      return <PersonName id={String(value)} />;
    case "department": {
      const ids = Array.isArray(value) ? (value as string[]) : [String(value)];
      return ids.map((id) => context.departments?.get(id) ?? `#${id.slice(-6)}`).join("、");
    }
    case "relation": {
      const target = field.config.relation?.target ?? "";
      const values = Array.isArray(value) ? value : [value];
      return values.map((v, i) => (
        <span key={typeof v === "string" ? v : ((v as RecordData)?.id ?? i)}>
          {i > 0 ? "、" : null}
          <RelationLink target={target} value={v} objects={context.objects} />
        </span>
      ));
    }
    case "attachment": {
      const files = value as StoredFile[];
      if (compact) {
        return (
          <span>
            <PaperClipOutlined /> {files.length}
          </span>
        );
      }
      return files.map((file) => (
        <div key={file.id}>
          <a href={`/api/files/${file.id}`} onClick={(e) => e.stopPropagation()}>
            <PaperClipOutlined /> {file.name ?? file.id}
          </a>
          {file.size !== undefined ? (
            <Typography.Text type="secondary"> ({formatFileSize(file.size, language)})</Typography.Text>
          ) : null}
        </div>
      ));
    }
    default:
      return String(value);
  }
}
