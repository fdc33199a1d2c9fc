import { Cascader, Input, Space } from "antd";
import { useTranslation } from "react-i18next";
import { useDivisions } from "../api/metadata.queries.ts";
import type { AddressValue } from "../api/types.ts";

/** Province / city / district from the GB/T 2260 division data (GET /api/meta/divisions) plus a detail line. */
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
  const { t } = useTranslation();
  const divisions = useDivisions(true);
  const path = [value?.province, value?.city, value?.district].filter((c): c is string => Boolean(c));

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

  return (
    <Space.Compact block>
      <Cascader
        id={id}
        style={{ width: "55%" }}
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
        style={{ width: "45%" }}
        disabled={disabled}
        value={value?.detail ?? ""}
        placeholder={t("fields.addressDetail")}
        maxLength={200}
        onChange={(e) => change(path, e.target.value)}
      />
    </Space.Compact>
  );
}
