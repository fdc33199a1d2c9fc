import { FilterOutlined, PlusOutlined, SettingOutlined } from "@ant-design/icons";
import {
  Badge,
  Button,
  Card,
  Checkbox,
  Drawer,
  Empty,
  Flex,
  Input,
  Popover,
  Skeleton,
  Table,
  type TableColumnsType,
  type TableProps,
  Tag,
  Typography,
} from "antd";
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useObject } from "../api/metadata.queries.ts";
import { useRecordList } from "../api/records.queries.ts";
import type { FieldMeta, ObjectMeta, RecordData } from "../api/types.ts";
import { ErrorResult } from "../components/error-result.tsx";
import { FieldValue, type ValueContext } from "../components/field-value.tsx";
import { LoadMore } from "../components/load-more.tsx";
import { useValueContext } from "../components/use-value-context.ts";
import { en } from "../i18n/en.ts";
import { useLabel } from "../i18n/index.ts";
import { zhCN } from "../i18n/zh-cn.ts";
import {
  decodeFilter,
  encodeFilter,
  type FilterState,
  formatSortParam,
  parseSortParam,
  type SortKey,
  toApiFilter,
} from "../lib/filter-model.ts";
import {
  displayFieldOf,
  expandableFields,
  isSortable,
  recordTitle,
  searchFieldOf,
  systemField,
  visibleFields,
} from "../lib/metadata.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

const DEFAULT_COLUMNS = 7;

// The filter builder brings every value input (date pickers, cascaders…): loaded when first opened.
const loadFilterBuilder = () => import("../components/filter-builder.tsx");
const FilterBuilder = lazy(() => loadFilterBuilder().then((m) => ({ default: m.FilterBuilder })));
const SYSTEM_FIELDS = [
  systemField("created_at", { "zh-CN": zhCN.list.createdAt, en: en.list.createdAt }),
  systemField("updated_at", { "zh-CN": zhCN.list.updatedAt, en: en.list.updatedAt }),
];

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** List state lives in the URL: reload, back and shared links show the same list. */
function useListState() {
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string | null>) =>
    setParams(
      (old) => {
        const next = new URLSearchParams(old);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === "") next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  return {
    q: params.get("q") ?? "",
    filter: decodeFilter(params.get("f")),
    sort: parseSortParam(params.get("sort")),
    columns: params.get("cols")?.split(",").filter(Boolean) ?? null,
    set,
  };
}

function ObjectList({ object, objects }: { object: ObjectMeta; objects: ObjectMeta[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const state = useListState();
  const [search, setSearch] = useState(state.q);
  const debouncedSearch = useDebounced(search, 300);
  const [filterOpen, setFilterOpen] = useState(state.filter.conditions.length > 0 && !isPhone);
  useDocumentTitle(label(object.plural_labels));

  const setState = useRef(state.set);
  setState.current = state.set;
  useEffect(() => {
    setState.current({ q: debouncedSearch });
  }, [debouncedSearch]);

  const fields = useMemo(() => visibleFields(object), [object]);
  const allFields = useMemo(() => [...fields, ...SYSTEM_FIELDS], [fields]);
  const fieldMap = useMemo(() => new Map(allFields.map((f) => [f.api_name, f])), [allFields]);
  const displayField = displayFieldOf(object);
  const searchField = searchFieldOf(object);
  const columnNames = state.columns ?? fields.slice(0, DEFAULT_COLUMNS).map((f) => f.api_name);
  const shownFields = columnNames.map((name) => fieldMap.get(name)).filter((f): f is FieldMeta => Boolean(f));
  const valueContext = useValueContext(objects, fields);

  const apiFilter = useMemo(
    () =>
      toApiFilter(
        state.filter,
        fieldMap,
        searchField && state.q ? { field: searchField.api_name, text: state.q } : undefined,
      ),
    [state.filter, fieldMap, searchField, state.q],
  );
  const sortParam = formatSortParam(state.sort);
  const list = useRecordList(object.api_name, {
    filter: apiFilter,
    sort: sortParam,
    expand: expandableFields(fields.filter((f) => columnNames.includes(f.api_name) || isPhone)),
  });
  const records = useMemo(() => list.data?.pages.flatMap((p) => p.records) ?? [], [list.data]);
  const conditionCount = state.filter.conditions.length;
  const open = (record: RecordData) => navigate(`/o/${object.api_name}/${record.id}`);

  const applyFilter = (next: FilterState) => {
    state.set({ f: encodeFilter(next) });
    if (isPhone) setFilterOpen(false);
  };

  const columns: TableColumnsType<RecordData> = shownFields.map((field) => {
    const sortIndex = state.sort.findIndex((k) => k.field === field.api_name);
    const key = state.sort[sortIndex];
    return {
      key: field.api_name,
      dataIndex: field.api_name,
      title: label(field.labels) || field.api_name,
      ellipsis: field.type === "long_text" || field.type === "rich_text",
      sorter: isSortable(field) ? { multiple: sortIndex >= 0 ? 100 - sortIndex : 1 } : false,
      sortOrder: key ? (key.direction === "asc" ? "ascend" : "descend") : null,
      showSorterTooltip: { title: t("list.sortHint") },
      render: (value: unknown, record: RecordData) =>
        field.api_name === displayField?.api_name ? (
          <Link to={`/o/${object.api_name}/${record.id}`} onClick={(e) => e.stopPropagation()}>
            {recordTitle(object, record)}
          </Link>
        ) : (
          <FieldValue field={field} value={value} context={valueContext} compact />
        ),
    };
  });

  const onTableChange: TableProps<RecordData>["onChange"] = (_pagination, _filters, sorter) => {
    const active = (Array.isArray(sorter) ? sorter : [sorter]).filter((s) => s.order && s.columnKey);
    // Keep the order in which the user added sort keys; a new key goes last.
    const next: SortKey[] = [];
    for (const old of state.sort) {
      const still = active.find((s) => s.columnKey === old.field);
      if (still) next.push({ field: old.field, direction: still.order === "ascend" ? "asc" : "desc" });
    }
    for (const s of active) {
      const field = String(s.columnKey);
      if (!next.some((k) => k.field === field))
        next.push({ field, direction: s.order === "ascend" ? "asc" : "desc" });
    }
    state.set({ sort: formatSortParam(next.slice(0, 5)) });
  };

  const filterBuilder = (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 2 }} />}>
      <FilterBuilder
        key={JSON.stringify(state.filter)}
        fields={allFields}
        value={state.filter}
        onApply={applyFilter}
        compact={isPhone}
      />
    </Suspense>
  );

  const columnChooser = (
    <Checkbox.Group
      value={columnNames}
      onChange={(names) =>
        state.set({
          cols: allFields
            .filter((f) => names.includes(f.api_name))
            .map((f) => f.api_name)
            .join(","),
        })
      }
    >
      <Flex vertical gap={4} style={{ maxHeight: 360, overflowY: "auto" }}>
        {allFields.map((f) => (
          <Checkbox key={f.api_name} value={f.api_name}>
            {label(f.labels) || f.api_name}
          </Checkbox>
        ))}
      </Flex>
    </Checkbox.Group>
  );

  const empty = (
    <Empty
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={apiFilter ? t("list.noMatches") : t("list.noRecords")}
    />
  );

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="list-title">
          {label(object.plural_labels)}
        </Typography.Title>
        <Link to={`/o/${object.api_name}/new`}>
          <Button type="primary" icon={<PlusOutlined />} data-testid="new-record">
            {isPhone ? t("common.create") : t("list.newRecord", { object: label(object.labels) })}
          </Button>
        </Link>
      </Flex>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        {searchField ? (
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(value) => {
              setSearch(value);
              state.set({ q: value });
            }}
            placeholder={t("list.quickSearch", { field: label(searchField.labels) })}
            style={{ width: isPhone ? "calc(100% - 100px)" : 280 }}
            data-testid="quick-search"
          />
        ) : null}
        <Badge count={conditionCount} size="small">
          <Button
            icon={<FilterOutlined />}
            type={filterOpen && !isPhone ? "primary" : "default"}
            ghost={filterOpen && !isPhone}
            onClick={() => setFilterOpen((o) => !o)}
            onMouseEnter={() => void loadFilterBuilder()}
            data-testid="filter-toggle"
          >
            {t("list.filter")}
          </Button>
        </Badge>
        {isPhone ? null : (
          <Popover content={columnChooser} title={t("list.columns")} trigger="click" placement="bottomLeft">
            <Button icon={<SettingOutlined />}>{t("list.columns")}</Button>
          </Popover>
        )}
        {state.sort.length > 0 ? (
          <Tag
            closable
            onClose={(e) => {
              e.preventDefault();
              state.set({ sort: null });
            }}
          >
            {t("list.sortedBy", {
              fields: state.sort
                .map(
                  (k) =>
                    `${label(fieldMap.get(k.field)?.labels) || k.field} ${k.direction === "asc" ? "↑" : "↓"}`,
                )
                .join("、"),
            })}
          </Tag>
        ) : null}
      </Flex>

      {isPhone ? (
        <Drawer
          placement="bottom"
          size="85%"
          open={filterOpen}
          onClose={() => setFilterOpen(false)}
          title={t("filter.title")}
        >
          {filterBuilder}
        </Drawer>
      ) : filterOpen ? (
        <Card size="small" style={{ marginBottom: 12 }} title={t("filter.title")}>
          {filterBuilder}
        </Card>
      ) : null}

      {list.error ? (
        <ErrorResult error={list.error} onRetry={() => list.refetch()} />
      ) : isPhone ? (
        list.isLoading ? (
          <Skeleton active />
        ) : records.length === 0 ? (
          empty
        ) : (
          <Flex vertical gap={8} data-testid="record-cards">
            {records.map((record) => (
              <RecordCard
                key={record.id}
                object={object}
                fields={fields}
                record={record}
                context={valueContext}
                onOpen={() => open(record)}
              />
            ))}
          </Flex>
        )
      ) : (
        <Table<RecordData>
          data-testid="record-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={records}
          loading={list.isLoading || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: "max-content" }}
          sticky
          onChange={onTableChange}
          locale={{ emptyText: list.isLoading ? " " : empty }}
          onRow={(record) => ({ onClick: () => open(record), style: { cursor: "pointer" } })}
        />
      )}
      {list.error ? null : (
        <LoadMore
          hasMore={Boolean(list.hasNextPage)}
          loading={list.isFetchingNextPage}
          onLoad={() => void list.fetchNextPage()}
          count={records.length}
        />
      )}
    </div>
  );
}

/** A phone list item: the record's title and its first few fields. */
function RecordCard({
  object,
  fields,
  record,
  context,
  onOpen,
}: {
  object: ObjectMeta;
  fields: FieldMeta[];
  record: RecordData;
  context: ValueContext;
  onOpen: () => void;
}) {
  const label = useLabel();
  const display = displayFieldOf(object);
  const rest = fields.filter((f) => f.api_name !== display?.api_name).slice(0, 4);
  return (
    <Card size="small" hoverable onClick={onOpen} data-testid="record-card">
      <Typography.Text strong style={{ fontSize: 15 }}>
        <Link to={`/o/${object.api_name}/${record.id}`} onClick={(e) => e.stopPropagation()}>
          {recordTitle(object, record)}
        </Link>
      </Typography.Text>
      <div style={{ marginTop: 6, display: "grid", gridTemplateColumns: "auto 1fr", gap: "2px 12px" }}>
        {rest.map((field) => (
          <div key={field.api_name} style={{ display: "contents" }}>
            <Typography.Text type="secondary">{label(field.labels)}</Typography.Text>
            <span style={{ minWidth: 0, overflow: "hidden", textOverflow: "ellipsis" }}>
              <FieldValue field={field} value={record[field.api_name]} context={context} compact />
            </span>
          </div>
        ))}
      </div>
    </Card>
  );
}

export function ObjectListPage() {
  const { t } = useTranslation();
  const { object: apiName } = useParams();
  const { object, objects, isLoading, error } = useObject(apiName);
  if (isLoading) return <Skeleton active />;
  if (error) return <ErrorResult error={error} />;
  if (!object)
    return <Typography.Text>{t("errors.objectNotFound", { name: apiName ?? "" })}</Typography.Text>;
  // Keyed by object: switching objects starts with that object's own list state.
  return <ObjectList key={object.api_name} object={object} objects={objects} />;
}
