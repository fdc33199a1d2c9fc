import {
  DeleteOutlined,
  FilterOutlined,
  PlusOutlined,
  SettingOutlined,
  SortAscendingOutlined,
} from "@ant-design/icons";
import {
  Badge,
  Button,
  Card,
  Drawer,
  Empty,
  Flex,
  Input,
  Popover,
  Skeleton,
  type TableProps,
  Typography,
} from "antd";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useObject } from "../api/metadata.queries.ts";
import { useRecordList } from "../api/records.queries.ts";
import { isAdminUser, useSession } from "../api/session.ts";
import type { FieldMeta, ObjectMeta, RecordData } from "../api/types.ts";
import { ViewModeSwitch } from "../components/board/view-mode-switch.tsx";
import { ErrorResult } from "../components/error-result.tsx";
import { BulkBar } from "../components/list/bulk-bar.tsx";
import { ColumnChooser } from "../components/list/column-chooser.tsx";
import { ExportButton } from "../components/list/export-button.tsx";
import { ImportButton } from "../components/list/import-button.tsx";
import { useListColumns } from "../components/list/list-columns.tsx";
import { apiFilterOf, columnNamesOf, listFields, recordListParams } from "../components/list/list-query.ts";
import { useDebounced, useListState } from "../components/list/list-state.ts";
import { useListTotal } from "../components/list/list-total.ts";
import { OwnerScope } from "../components/list/owner-scope.tsx";
import { RecordCard } from "../components/list/record-card.tsx";
import { RecordTable, useStableCallback } from "../components/list/record-table.tsx";
import { MAX_SORT_KEYS, SortEditor } from "../components/list/sort-editor.tsx";
import { useRowRights } from "../components/list/use-row-rights.ts";
import { useViewActions } from "../components/list/use-view-actions.ts";
import { ViewNotices, ViewSwitcher } from "../components/list/view-switcher.tsx";
import { LoadMore } from "../components/load-more.tsx";
import { useValueContext } from "../components/use-value-context.ts";
import { useLabel } from "../i18n/index.ts";
import { encodeFilter, type FilterState, formatSortParam, type SortKey } from "../lib/filter-model.ts";
import { isSortable } from "../lib/metadata.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

// The filter builder brings every value input (date pickers, cascaders…): loaded when first opened.
const loadFilterBuilder = () => import("../components/filter-builder.tsx");
const FilterBuilder = lazy(() => loadFilterBuilder().then((m) => ({ default: m.FilterBuilder })));

const NO_RECORDS: RecordData[] = [];

function ObjectList({ object, objects }: { object: ObjectMeta; objects: ObjectMeta[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const session = useSession();
  const isAdmin = isAdminUser(session.data?.user ?? null);
  const state = useListState();
  const [search, setSearch] = useState(state.q);
  const debouncedSearch = useDebounced(search, 300);
  const [filterOpen, setFilterOpen] = useState(state.filter.conditions.length > 0 && !isPhone);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [popover, setPopover] = useState<"sort" | "columns" | null>(null);
  useDocumentTitle(label(object.plural_labels));
  // Another object's list opened in this one (the page is not remounted, see ObjectListPage): start over.
  const [shownObject, setShownObject] = useState(object.api_name);
  if (shownObject !== object.api_name) {
    setShownObject(object.api_name);
    setSearch(state.q);
    setFilterOpen(state.filter.conditions.length > 0 && !isPhone);
    setSelectedIds([]);
    setPopover(null);
  }

  // The box follows the URL when a view is chosen; typing updates the URL after a pause.
  useEffect(() => setSearch(state.q), [state.q]);
  const setState = useRef(state.set);
  setState.current = state.set;
  const typed = useRef(false);
  // Per object: text typed into the last list's box (its debounce may still fire) is not this list's search.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the object changes
  useEffect(() => {
    typed.current = false;
  }, [object.api_name]);
  useEffect(() => {
    if (typed.current) setState.current({ q: debouncedSearch });
  }, [debouncedSearch]);

  const model = useMemo(() => listFields(object), [object]);
  const { fields, allFields, fieldMap, displayField, searchField } = model;
  const columnNames = columnNamesOf(model, state.columns);
  const columnKey = columnNames.join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: columnKey stands for columnNames (new each render)
  const shownFields = useMemo(
    () => columnNames.map((name) => fieldMap.get(name)).filter((f): f is FieldMeta => Boolean(f)),
    [columnKey, fieldMap],
  );
  const valueContext = useValueContext(objects, fields);
  const views = useViewActions({ object: object.api_name, state, columnNames, fieldMap });

  const apiFilter = apiFilterOf(model, state.filter, state.q);
  // The same parameters the route's loader prefetched with (components/list/prefetch-list.ts).
  const list = useRecordList(
    object.api_name,
    recordListParams(model, state, { isPhone, view: views.selected }),
    { enabled: !views.restoring },
  );
  const shown = views.restoring ? undefined : list.data;
  const records = useMemo(() => shown?.pages.flatMap((p) => p.records) ?? NO_RECORDS, [shown]);
  const loading = list.isLoading || views.restoring;
  const total = useListTotal(shown?.pages[0]);
  const { actionsOf, mayEdit, selectable } = useRowRights(object, shown?.pages);
  const selectedRecords = records.filter((r) => selectedIds.includes(r.id));
  const conditionCount = state.filter.conditions.length;
  const open = useStableCallback((record: RecordData) => navigate(`/o/${object.api_name}/${record.id}`));
  const refetch = list.refetch;
  const reload = useCallback(() => void refetch(), [refetch]);

  const applyFilter = (next: FilterState) => {
    state.set({ f: encodeFilter(next) });
    if (isPhone) setFilterOpen(false);
  };
  const applySort = (keys: SortKey[]) => state.set({ sort: formatSortParam(keys.slice(0, MAX_SORT_KEYS)) });

  const columns = useListColumns({
    object,
    shownFields,
    displayField,
    sort: state.sort,
    view: views.selected,
    context: valueContext,
    mayEdit,
    onReload: reload,
  });

  const onTableChange: TableProps<RecordData>["onChange"] = useStableCallback(
    (_pagination, _filters, sorter) => {
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
      applySort(next);
    },
  );

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

  const emptyMessage = apiFilter ? t("list.noMatches") : t("list.noRecords");
  const empty = useMemo(
    () => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyMessage} />,
    [emptyMessage],
  );
  const tableEmptyText = loading ? " " : empty;
  const bulk = selectedRecords.length ? (
    <BulkBar
      object={object}
      fields={fields}
      selected={selectedRecords}
      actions={actionsOf}
      onClear={() => setSelectedIds([])}
      onDone={() => {
        setSelectedIds([]);
        reload();
      }}
    />
  ) : null;

  return (
    <div>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="list-title">
          {label(object.plural_labels)}
        </Typography.Title>
        <Flex gap={8} align="center">
          <ViewModeSwitch object={object.api_name} mode="list" compact={isPhone} />
          <Link to={`/o/${object.api_name}/new`}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="new-record">
              {isPhone ? t("common.create") : t("list.newRecord", { object: label(object.labels) })}
            </Button>
          </Link>
        </Flex>
      </Flex>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <ViewSwitcher actions={views} isAdmin={isAdmin} isPhone={isPhone} />
        <OwnerScope
          filter={state.filter}
          onChange={(next) => state.set({ f: encodeFilter(next) })}
          compact={isPhone}
        />
        {searchField ? (
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => {
              typed.current = true;
              setSearch(e.target.value);
            }}
            onSearch={(value) => {
              setSearch(value);
              state.set({ q: value });
            }}
            placeholder={t("list.quickSearch", { field: label(searchField.labels) })}
            style={{ width: isPhone ? "100%" : 240 }}
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
        <Popover
          content={
            <SortEditor
              key={formatSortParam(state.sort)}
              fields={allFields.filter(isSortable)}
              value={state.sort}
              onApply={(keys) => {
                applySort(keys);
                setPopover(null);
              }}
            />
          }
          title={t("views.sort.title")}
          trigger="click"
          open={popover === "sort"}
          onOpenChange={(open) => setPopover(open ? "sort" : null)}
          placement="bottomLeft"
          destroyOnHidden
        >
          <Button icon={<SortAscendingOutlined />} data-testid="sort-toggle">
            {state.sort.length
              ? t("views.sort.buttonCount", { count: state.sort.length })
              : t("views.sort.button")}
          </Button>
        </Popover>
        {isPhone ? null : (
          <Popover
            content={
              <ColumnChooser
                key={columnNames.join(",")}
                fields={allFields}
                value={columnNames}
                onApply={(names) => {
                  setPopover(null);
                  void views.saveColumns(names);
                }}
              />
            }
            title={t("views.columns.title")}
            trigger="click"
            open={popover === "columns"}
            onOpenChange={(open) => setPopover(open ? "columns" : null)}
            placement="bottomLeft"
            destroyOnHidden
          >
            <Button icon={<SettingOutlined />} data-testid="columns-toggle">
              {t("list.columns")}
            </Button>
          </Popover>
        )}
        <ExportButton
          object={object.api_name}
          filter={views.advancedFilter && views.selected?.filter ? views.selected.filter : apiFilter}
          sort={formatSortParam(state.sort)}
          fields={columnNames}
          compact={isPhone}
        />
        {object.my_permissions.create ? <ImportButton object={object.api_name} compact={isPhone} /> : null}
        <Link to={`/o/${encodeURIComponent(object.api_name)}/recycle-bin`}>
          <Button icon={<DeleteOutlined />} aria-label={t("recycleBin.open")} data-testid="recycle-bin-open">
            {isPhone ? null : t("recycleBin.open")}
          </Button>
        </Link>
      </Flex>
      <ViewNotices actions={views} />

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
      {bulk}

      {list.error ? (
        <ErrorResult error={list.error} onRetry={reload} />
      ) : isPhone ? (
        loading ? (
          <Skeleton active />
        ) : records.length === 0 ? (
          empty
        ) : (
          <Flex vertical gap={8} data-testid="record-cards">
            {records.map((record) => (
              <RecordCard
                key={record.id}
                object={object}
                fields={shownFields.length ? shownFields : fields}
                record={record}
                context={valueContext}
                selected={selectedIds.includes(record.id)}
                selectable={mayEdit(record.id)}
                onSelect={(on) =>
                  setSelectedIds((ids) => (on ? [...ids, record.id] : ids.filter((id) => id !== record.id)))
                }
                onOpen={() => open(record)}
              />
            ))}
          </Flex>
        )
      ) : (
        <RecordTable
          list={object.api_name}
          columns={columns}
          records={records}
          // Rows of the previous filter or sort stay (dimmed) until the new ones arrive.
          loading={loading || list.isPlaceholderData}
          emptyText={tableEmptyText}
          selectedIds={selectedIds}
          selectable={selectable}
          lockedHint={t("views.bulk.rowReadOnly")}
          onSelectedChange={setSelectedIds}
          onOpen={open}
          onChange={onTableChange}
        />
      )}
      {list.error ? null : (
        <LoadMore
          hasMore={Boolean(list.hasNextPage)}
          loading={list.isFetchingNextPage}
          onLoad={() => void list.fetchNextPage()}
          count={records.length}
          total={total}
        />
      )}
    </div>
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
  // Not keyed by object: switching lists keeps the toolbar and the table mounted (each antd component
  // mounted anew registers its styles again, the table measures the page again), and swaps the rows.
  // ObjectList starts over with the new object's own list state.
  return <ObjectList object={object} objects={objects} />;
}
