import { Cascader, DatePicker, Input, InputNumber, Select, Space } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useDivisions } from "../api/metadata.queries.ts";
import type { Division, FieldMeta } from "../api/types.ts";
import { parseRolling, RELATIVE_PRESETS, type ValueKind } from "../lib/filter-model.ts";
import { FieldInput } from "./field-input.tsx";
import { RelationSelect } from "./relation-select.tsx";
import { UserSelect } from "./user-select.tsx";

interface Props {
  field: FieldMeta;
  kind: ValueKind;
  value: unknown;
  onChange: (value: unknown) => void;
}

/** Human words for a relative-date token (today, last_30_days, …). */
export function useRelativeLabel() {
  const { t } = useTranslation();
  return (token: string): string => {
    const rolling = parseRolling(token);
    if (rolling) return t(`relative.${rolling.direction}_${rolling.unit}`, { count: rolling.count });
    return (RELATIVE_PRESETS as readonly string[]).includes(token)
      ? t(`relative.${token as "today"}`)
      : token;
  };
}

function WithinInput({ value, onChange }: { value: unknown; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const relativeLabel = useRelativeLabel();
  const token = typeof value === "string" ? value : undefined;
  const rolling = token ? parseRolling(token) : null;
  const isCustom = Boolean(token && !(RELATIVE_PRESETS as readonly string[]).includes(token));
  const options = [
    ...RELATIVE_PRESETS.map((preset) => ({ value: preset, label: relativeLabel(preset) })),
    { value: "__custom", label: t("filter.customRange") },
  ];
  return (
    <Space.Compact block>
      <Select
        style={{ minWidth: 140 }}
        value={isCustom ? "__custom" : token}
        options={options}
        placeholder={t("filter.value")}
        onChange={(next) => onChange(next === "__custom" ? "last_14_days" : next)}
        data-testid="filter-within"
      />
      {isCustom && rolling ? (
        <>
          <Select
            style={{ width: 80 }}
            value={rolling.direction}
            options={[
              { value: "last", label: t("filter.last") },
              { value: "next", label: t("filter.next") },
            ]}
            onChange={(direction) => onChange(`${direction}_${rolling.count}_${rolling.unit}`)}
          />
          <InputNumber
            style={{ width: 80 }}
            min={1}
            max={rolling.unit === "days" ? 3650 : 120}
            precision={0}
            value={rolling.count}
            onChange={(count) => count && onChange(`${rolling.direction}_${count}_${rolling.unit}`)}
          />
          <Select
            style={{ width: 80 }}
            value={rolling.unit}
            options={[
              { value: "days", label: t("filter.days") },
              { value: "months", label: t("filter.months") },
            ]}
            onChange={(unit) => onChange(`${rolling.direction}_${Math.min(rolling.count, 120)}_${unit}`)}
          />
        </>
      ) : null}
    </Space.Compact>
  );
}

/**
 * The cascader path of a division code: 320500 (苏州) is 江苏 → 苏州, 310000 上海 alone. GB/T 2260 codes
 * nest by their digits; a nine-digit town code sits under its district.
 */
function divisionPath(code: unknown): string[] {
  if (typeof code !== "string" || !/^\d{6}(\d{3})?$/.test(code)) return [];
  const levels = [`${code.slice(0, 2)}0000`, `${code.slice(0, 4)}00`, code.slice(0, 6), code];
  return levels.filter(
    (level, i) => i === 0 || (level !== levels[i - 1] && code.startsWith(level.replace(/0+$/, ""))),
  );
}

function AddressCodeInput({
  value,
  onChange,
  multiple,
}: {
  value: unknown;
  onChange: (value: unknown) => void;
  multiple: boolean;
}) {
  const { t } = useTranslation();
  const divisions = useDivisions(true);
  // The API matches a division code at any level, so the deepest chosen code is the value.
  const deepest = (path: readonly unknown[] | undefined) => path?.at(-1) as string | undefined;
  const common = {
    style: { width: "100%" },
    options: divisions.data,
    loading: divisions.isLoading,
    fieldNames: { label: "name", value: "code", children: "children" } as const,
    changeOnSelect: true,
    showSearch: true,
    placeholder: t("fields.addressRegion"),
  };
  if (multiple) {
    return (
      <Cascader<Division, "code">
        {...common}
        multiple
        value={(Array.isArray(value) ? value : []).map(divisionPath)}
        onChange={(paths) => onChange(paths.map((p) => deepest(p)).filter(Boolean))}
      />
    );
  }
  const path = divisionPath(value);
  return (
    <Cascader<Division, "code">
      {...common}
      value={path.length ? path : undefined}
      onChange={(next) => onChange(deepest(next) ?? null)}
    />
  );
}

/** The operand input of one filter condition: its shape follows the operator (one value, a list, a range…). */
export function FilterValueInput({ field, kind, value, onChange }: Props) {
  const { t } = useTranslation();
  if (kind === "none") return null;
  if (kind === "relative") return <WithinInput value={value} onChange={onChange} />;

  if (field.type === "address") {
    return <AddressCodeInput value={value} onChange={onChange} multiple={kind === "list"} />;
  }

  if (kind === "range") {
    const [from, to] = Array.isArray(value) ? value : [undefined, undefined];
    if (field.type === "date" || field.type === "datetime") {
      const withTime = field.type === "datetime";
      return (
        <DatePicker.RangePicker
          style={{ width: "100%" }}
          showTime={withTime ? { format: "HH:mm" } : undefined}
          value={from && to ? [dayjs(String(from)), dayjs(String(to))] : null}
          onChange={(dates) =>
            onChange(
              dates?.[0] && dates[1]
                ? dates.map((d) => (withTime ? d!.toISOString() : d!.format("YYYY-MM-DD")))
                : null,
            )
          }
        />
      );
    }
    const number = (v: unknown) => (typeof v === "number" || typeof v === "string" ? Number(v) : null);
    return (
      <Space.Compact block>
        <InputNumber
          style={{ width: "50%" }}
          placeholder={t("filter.from")}
          value={number(from)}
          onChange={(next) => onChange([next, to])}
        />
        <InputNumber
          style={{ width: "50%" }}
          placeholder={t("filter.to")}
          value={number(to)}
          onChange={(next) => onChange([from, next])}
        />
      </Space.Compact>
    );
  }

  const list = kind === "list";
  switch (field.type) {
    case "single_select":
    case "multi_select":
      return (
        <FieldInput
          field={{ ...field, type: "single_select" }}
          value={value}
          onChange={onChange}
          multiple={list}
        />
      );
    case "relation":
      return (
        <RelationSelect
          target={field.config.relation?.target ?? ""}
          multiple={list}
          value={value as string | string[] | null}
          onChange={onChange}
        />
      );
    case "department":
      return <FieldInput field={field} value={value} onChange={onChange} multiple={list} />;
    case "boolean":
      return (
        <Select
          style={{ width: "100%" }}
          value={value as boolean | undefined}
          onChange={onChange}
          placeholder={t("filter.value")}
          options={[
            { value: true, label: t("common.yes") },
            { value: false, label: t("common.no") },
          ]}
        />
      );
    case "number":
    case "percent":
    case "currency":
      if (list) break;
      return (
        <InputNumber
          style={{ width: "100%" }}
          value={value as number | null}
          onChange={onChange}
          placeholder={t("filter.value")}
        />
      );
    case "user":
      if (list) break;
      // "Me" is kept as `$me` in the filter, so a saved view shows each reader their own records.
      return <UserSelect value={(value as string) ?? null} onChange={onChange} allowCurrentUser />;
    case "date":
    case "datetime":
      if (list) break;
      return <FieldInput field={field} value={value} onChange={onChange} multiple={list} />;
    default:
      break;
  }
  if (list) {
    return (
      <Select
        mode="tags"
        style={{ width: "100%" }}
        value={(value as string[]) ?? []}
        onChange={onChange}
        open={false}
        placeholder={t("filter.valuesPlaceholder")}
        suffixIcon={null}
      />
    );
  }
  return (
    <Input
      value={(value as string) ?? ""}
      onChange={(e) => onChange(e.target.value)}
      placeholder={t("filter.value")}
      data-testid="filter-value"
    />
  );
}
