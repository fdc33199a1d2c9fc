import { countryName, isLocale, OVERSEAS_COUNTRIES } from "@keduo/core";
import { Cascader, Input, Select, Space } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useDivisions } from "../api/metadata.queries.ts";
import type { AddressValue } from "../api/types.ts";

const CHINA = "CN";

/**
 * China first: province / city / district (or town) from the GB/T 2260 data (GET /api/meta/divisions, which
 * holds Hong Kong, Macau and Taiwan too) plus a detail line. Another country: its lines as typed.
 */
export function AddressInput({
  value,
  onChange,
  disabled,
  id,
}: {
  value?: AddressValue | null;
  onChange?: (value: AddressValue | null) => void;
  disabled?: boolean;
  id?: string;
}) {
  const { t, i18n } = useTranslation();
  const locale = isLocale(i18n.language) ? i18n.language : "zh-CN";
  const divisions = useDivisions(true);
  const country = value?.country ?? CHINA;
  const path = [value?.province, value?.city, value?.district].filter((c): c is string => Boolean(c));
  const countries = useMemo(
    () => [
      { value: CHINA, label: t("fields.addressChina") },
      ...OVERSEAS_COUNTRIES.map((code) => ({ value: code, label: countryName(code, locale) })).sort((a, b) =>
        a.label.localeCompare(b.label, locale),
      ),
    ],
    [t, locale],
  );

  const change = (codes: string[] | undefined, detail: string | null | undefined) => {
    if (!codes?.length) {
      onChange?.(detail ? { province: "", city: null, district: null, detail } : null);
      return;
    }
    onChange?.({
      province: codes[0]!,
      city: codes[1] ?? null,
      district: codes[2] ?? null,
      detail: detail || null,
    });
  };
  const changeCountry = (code: string) => {
    if (code === CHINA) onChange?.(null);
    else onChange?.({ country: code, detail: value?.country ? value.detail : null });
  };

  return (
    <Space.Compact block>
      <Select
        aria-label={t("fields.addressCountry")}
        style={{ width: 112, flex: "none" }}
        disabled={disabled}
        showSearch
        optionFilterProp="label"
        popupMatchSelectWidth={false}
        options={countries}
        value={country}
        onChange={changeCountry}
      />
      {country === CHINA ? (
        <>
          <Cascader
            id={id}
            style={{ width: "50%" }}
            disabled={disabled}
            options={divisions.data}
            loading={divisions.isLoading}
            fieldNames={{ label: "name", value: "code", children: "children" } as const}
            changeOnSelect
            showSearch
            value={path}
            placeholder={t("fields.addressRegion")}
            onChange={(codes) => change(codes as string[] | undefined, value?.detail)}
          />
          <Input
            style={{ width: "50%" }}
            disabled={disabled}
            value={value?.detail ?? ""}
            placeholder={t("fields.addressDetail")}
            maxLength={200}
            onChange={(e) => change(path, e.target.value)}
          />
        </>
      ) : (
        <Input.TextArea
          id={id}
          disabled={disabled}
          value={value?.detail ?? ""}
          placeholder={t("fields.addressLines")}
          maxLength={200}
          autoSize={{ minRows: 1, maxRows: 4 }}
          onChange={(e) => onChange?.({ country, detail: e.target.value || null })}
        />
      )}
    </Space.Compact>
  );
}
