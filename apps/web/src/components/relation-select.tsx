import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { useDeferredValue, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useObject } from "../api/metadata.queries.ts";
import { fetchRecords } from "../api/records.queries.ts";
import type { RecordData } from "../api/types.ts";
import { useLabel } from "../i18n/index.ts";
import { recordTitle, searchFieldOf } from "../lib/metadata.ts";

/** The id(s) of a relation value, which may hold expanded records. */
export function relationIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  return list
    .map((item) =>
      item && typeof item === "object" && "id" in item ? String((item as RecordData).id) : item,
    )
    .filter((id): id is string => typeof id === "string" && id.length > 0);
}

/**
 * Picks records of the target object, searching its display field with `contains` on the server (the list
 * may be far too long to load). Selected records are looked up by id so they show their names.
 */
export function RelationSelect({
  target,
  value,
  onChange,
  multiple,
  disabled,
  id,
}: {
  target: string;
  value?: string | string[] | null;
  onChange?: (value: string | string[] | null) => void;
  multiple?: boolean;
  disabled?: boolean;
  id?: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { object } = useObject(target);
  const [search, setSearch] = useState("");
  const deferredSearch = useDeferredValue(search.trim());
  const searchField = object ? searchFieldOf(object) : undefined;
  const selectedIds = relationIds(value);

  const options = useQuery({
    queryKey: ["relation-options", target, deferredSearch],
    queryFn: () =>
      fetchRecords(target, {
        limit: 20,
        filter:
          deferredSearch && searchField
            ? { [searchField.api_name]: { contains: deferredSearch } }
            : undefined,
      }).then((r) => r.records),
    enabled: Boolean(object),
    staleTime: 30_000,
  });
  const selected = useQuery({
    queryKey: ["relation-selected", target, selectedIds],
    queryFn: () =>
      fetchRecords(target, { limit: selectedIds.length, filter: { id: { in: selectedIds } } }).then(
        (r) => r.records,
      ),
    enabled: Boolean(object) && selectedIds.length > 0,
    staleTime: 60_000,
  });

  const merged = useMemo(() => {
    const byId = new Map<string, RecordData>();
    for (const record of [...(selected.data ?? []), ...(options.data ?? [])]) byId.set(record.id, record);
    return [...byId.values()].map((record) => ({ value: record.id, label: recordTitle(object, record) }));
  }, [selected.data, options.data, object]);

  return (
    <Select
      id={id}
      mode={multiple ? "multiple" : undefined}
      allowClear
      disabled={disabled}
      value={multiple ? selectedIds : (selectedIds[0] ?? null)}
      onChange={(next) => onChange?.(next ?? null)}
      placeholder={t("fields.searchRecord", { object: object ? label(object.labels) : target })}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={options.isFetching}
      options={merged}
      notFoundContent={options.isFetching ? t("common.loading") : t("fields.noOptions")}
      style={{ width: "100%" }}
    />
  );
}
