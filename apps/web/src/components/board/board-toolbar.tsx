import { AppstoreOutlined, FilterOutlined } from "@ant-design/icons";
import type { Pipeline } from "@keduo/core";
import { Badge, Button, Card, Drawer, Flex, Input, Popover, Segmented, Select, Skeleton } from "antd";
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldMeta } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { encodeFilter, type FilterState } from "../../lib/filter-model.ts";
import { ColumnChooser } from "../list/column-chooser.tsx";
import type { ListState } from "../list/list-state.ts";
import { OwnerScope } from "../list/owner-scope.tsx";
import type { ViewActions } from "../list/use-view-actions.ts";
import { ViewNotices, ViewSwitcher } from "../list/view-switcher.tsx";

const loadFilterBuilder = () => import("../filter-builder.tsx");
const FilterBuilder = lazy(() => loadFilterBuilder().then((m) => ({ default: m.FilterBuilder })));

/** Picks one of the object's pipelines (shown when it has several). */
export function PipelinePicker({
  pipelines,
  value,
  onChange,
  isPhone,
}: {
  pipelines: Pipeline[];
  value: string;
  onChange: (pipeline: string) => void;
  isPhone: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  if (pipelines.length < 2) return null;
  const options = pipelines.map((p) => ({ value: p.api_name, label: label(p.labels) }));
  return isPhone ? (
    <Select
      aria-label={t("board.pipeline")}
      value={value}
      options={options}
      onChange={onChange}
      style={{ width: "100%" }}
      data-testid="pipeline-picker"
    />
  ) : (
    <Segmented
      value={value}
      options={options}
      onChange={(v) => onChange(String(v))}
      data-testid="pipeline-picker"
    />
  );
}

/**
 * The list's own tools above the board: saved views, my/team scope, quick search, the filter builder, and
 * the fields cards show (the view's columns: saving the view sets them for everyone who uses it).
 */
export function BoardToolbar({
  state,
  views,
  allFields,
  columnNames,
  searchField,
  isAdmin,
  isPhone,
  leading,
}: {
  /** Phone: shown beside the filter button (the pipeline picker). */
  leading?: ReactNode;
  state: ListState;
  views: ViewActions;
  allFields: FieldMeta[];
  columnNames: string[];
  searchField: FieldMeta | undefined;
  isAdmin: boolean;
  isPhone: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const [search, setSearch] = useState(state.q);
  useEffect(() => setSearch(state.q), [state.q]);
  const [filterOpen, setFilterOpen] = useState(false);
  const [chooserOpen, setChooserOpen] = useState(false);
  const applyFilter = (next: FilterState) => {
    state.set({ f: encodeFilter(next) });
    if (isPhone) setFilterOpen(false);
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
  const viewSwitcher = <ViewSwitcher actions={views} isAdmin={isAdmin} isPhone={isPhone} />;
  const scope = (
    <OwnerScope
      filter={state.filter}
      onChange={(next) => state.set({ f: encodeFilter(next) })}
      compact={isPhone}
    />
  );
  const searchBox = searchField ? (
    <Input.Search
      allowClear
      value={search}
      onChange={(e) => setSearch(e.target.value)}
      onSearch={(value) => state.set({ q: value })}
      placeholder={t("list.quickSearch", { field: label(searchField.labels) })}
      style={{ width: isPhone ? "100%" : 180 }}
      data-testid="quick-search"
    />
  ) : null;
  const filterButton = (
    <Badge count={state.filter.conditions.length + (state.q ? 1 : 0)} size="small">
      <Button
        icon={<FilterOutlined />}
        onClick={() => setFilterOpen((o) => !o)}
        onMouseEnter={() => void loadFilterBuilder()}
        aria-label={t("list.filter")}
        data-testid="filter-toggle"
      >
        {t("list.filter")}
      </Button>
    </Badge>
  );

  // Phone: the board gets the screen; views, scope, search and conditions sit in one drawer.
  if (isPhone)
    return (
      <>
        <Flex gap={8} align="center" style={{ marginBottom: 8 }}>
          <div style={{ flex: 1, minWidth: 0 }}>{leading}</div>
          {filterButton}
        </Flex>
        <ViewNotices actions={views} />
        <Drawer
          placement="bottom"
          size="85%"
          open={filterOpen}
          onClose={() => setFilterOpen(false)}
          title={t("filter.title")}
        >
          <Flex vertical gap={12}>
            {viewSwitcher}
            {scope}
            {searchBox}
            {filterBuilder}
          </Flex>
        </Drawer>
      </>
    );

  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        {viewSwitcher}
        {scope}
        {searchBox}
        {filterButton}
        <Popover
          content={
            <ColumnChooser
              key={columnNames.join(",")}
              fields={allFields}
              value={columnNames}
              onApply={(names) => {
                setChooserOpen(false);
                void views.saveColumns(names);
              }}
            />
          }
          title={t("board.cardFieldsHelp")}
          trigger="click"
          open={chooserOpen}
          onOpenChange={setChooserOpen}
          placement="bottomLeft"
          destroyOnHidden
        >
          <Button icon={<AppstoreOutlined />} data-testid="card-fields">
            {t("board.cardFields")}
          </Button>
        </Popover>
      </Flex>
      <ViewNotices actions={views} />
      {filterOpen ? (
        <Card size="small" style={{ marginBottom: 12 }} title={t("filter.title")}>
          {filterBuilder}
        </Card>
      ) : null}
    </>
  );
}
