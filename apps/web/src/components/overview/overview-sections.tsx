import { PlusOutlined, RightOutlined } from "@ant-design/icons";
import type { OverviewDefinition, OverviewSectionValue } from "@keduo/core";
import { Badge, Button, Card, Empty, Flex, List, Table, Tabs, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { FieldMeta, ObjectMeta, RecordData } from "../../api/types.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { encodeFilter, type FilterCondition } from "../../lib/filter-model.ts";
import { totalFigure } from "../../lib/list-total.ts";
import { displayFieldOf, recordTitle, visibleFields } from "../../lib/metadata.ts";
import { useIsPhone } from "../../lib/use-is-phone.ts";
import { FieldValue, type ValueContext } from "../field-value.tsx";
import { fromApiFilter } from "../list/list-state.ts";

const isBlank = (value: unknown) =>
  value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);

type Definition = OverviewDefinition["sections"][number] | undefined;

/**
 * The related list's own list page, filtered to this record (and the section's own filter where the list's
 * filter builder can show it), in the section's order: "view all" shows the same records, all of them.
 */
export function viewAllHref(section: OverviewSectionValue, definition: Definition, id: string): string {
  const conditions: FilterCondition[] = [{ field: section.via, operator: "eq", value: id }];
  const own = definition?.filter ? fromApiFilter(definition.filter) : null;
  if (own && (own.match === "and" || own.conditions.length === 1)) conditions.push(...own.conditions);
  const params = new URLSearchParams();
  params.set("f", encodeFilter({ match: "and", conditions }) ?? "");
  if (definition?.sort) params.set("sort", definition.sort);
  return `/o/${section.object}?${params}`;
}

/** The columns a section shows: its definition's fields the reader may see, the relation back left out. */
function columnsOf(source: ObjectMeta, section: OverviewSectionValue, definition: Definition) {
  const visible = new Map(visibleFields(source).map((f) => [f.api_name, f]));
  const display = displayFieldOf(source);
  const names = definition?.fields ?? [];
  return names
    .filter((name) => name !== section.via && name !== display?.api_name)
    .map((name) => visible.get(name))
    .filter((f): f is FieldMeta => Boolean(f));
}

export interface SectionsProps {
  sections: OverviewSectionValue[];
  definition: OverviewDefinition | undefined;
  objects: ObjectMeta[];
  context: ValueContext;
  recordId: string;
  /** Opens the create form for a record of `object` linked to this one through `via`. */
  onCreate: (object: ObjectMeta, via: string) => void;
}

/** The related lists: tabs with counts on a desk, stacked cards on a phone; first rows, count, "view all". */
export function OverviewSections(props: SectionsProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const { sections, objects } = props;
  if (sections.length === 0) return null;
  const shown = sections.flatMap((section) => {
    const source = objects.find((o) => o.api_name === section.object);
    return source ? [{ section, source }] : [];
  });
  if (isPhone)
    return (
      <Flex vertical gap={12} data-testid="overview-sections">
        {shown.map(({ section, source }) => (
          <Card
            key={section.key}
            size="small"
            title={<SectionTitle section={section} />}
            extra={<SectionActions {...props} section={section} source={source} />}
            styles={{ body: { padding: "0 12px" } }}
            data-testid={`section-${section.key}`}
          >
            <SectionRows {...props} section={section} source={source} />
          </Card>
        ))}
      </Flex>
    );
  return (
    // Stays in view beside a long timeline.
    <Card
      size="small"
      title={t("overview.sections")}
      style={{ position: "sticky", top: 16 }}
      styles={{ body: { paddingTop: 0 } }}
      data-testid="overview-sections"
    >
      <Tabs
        items={shown.map(({ section, source }) => ({
          key: section.key,
          label: <SectionTitle section={section} />,
          children: (
            <div data-testid={`section-${section.key}`}>
              <Flex justify="flex-end" style={{ marginBottom: 8 }}>
                <SectionActions {...props} section={section} source={source} />
              </Flex>
              <SectionRows {...props} section={section} source={source} />
            </div>
          ),
        }))}
      />
    </Card>
  );
}

function SectionTitle({ section }: { section: OverviewSectionValue }) {
  const label = useLabel();
  return (
    <Flex component="span" align="center" gap={6} style={{ display: "inline-flex" }}>
      {label(section.labels)}
      <Badge
        count={section.total}
        showZero
        overflowCount={999}
        color={section.total ? "#1677ff" : "#bfbfbf"}
        size="small"
        data-testid={`section-count-${section.key}`}
      />
    </Flex>
  );
}

function SectionActions({
  section,
  source,
  definition,
  recordId,
  onCreate,
}: SectionsProps & { section: OverviewSectionValue; source: ObjectMeta }) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const isPhone = useIsPhone();
  const own = definition?.sections.find((s) => s.key === section.key);
  const mayCreate = source.my_permissions.create && source.fields.some((f) => f.api_name === section.via);
  return (
    <Flex gap={4} align="center">
      {mayCreate ? (
        <Button
          size="small"
          type="text"
          icon={<PlusOutlined />}
          onClick={() => onCreate(source, section.via)}
          aria-label={t("overview.newOf", { object: label(source.labels) })}
          data-testid={`section-new-${section.key}`}
        >
          {isPhone ? null : t("common.create")}
        </Button>
      ) : null}
      {section.total > 0 ? (
        <Link to={viewAllHref(section, own, recordId)} data-testid={`section-all-${section.key}`}>
          {section.total_estimated
            ? t("overview.viewAllEstimated", { total: totalFigure(section.total, true, language) })
            : t("overview.viewAll", { count: section.total })}{" "}
          <RightOutlined style={{ fontSize: 10 }} />
        </Link>
      ) : null}
    </Flex>
  );
}

function SectionRows({
  section,
  source,
  definition,
  context,
}: SectionsProps & { section: OverviewSectionValue; source: ObjectMeta }) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const columns = columnsOf(
    source,
    section,
    definition?.sections.find((s) => s.key === section.key),
  );
  const rows = section.records as RecordData[];
  if (rows.length === 0)
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t("overview.sectionEmpty", { object: label(source.plural_labels) })}
        style={{ margin: "12px 0" }}
      />
    );
  const href = (row: RecordData) => `/o/${source.api_name}/${row.id}`;
  if (isPhone)
    return (
      <List
        dataSource={rows}
        rowKey="id"
        renderItem={(row) => (
          <List.Item style={{ display: "block", padding: "10px 0" }} data-testid="section-row">
            <Link to={href(row)} style={{ fontWeight: 500 }}>
              {recordTitle(source, row)}
            </Link>
            {columns.length ? (
              <Flex wrap gap="2px 12px" style={{ marginTop: 2, fontSize: 13 }}>
                {columns
                  .filter((f) => !isBlank(row[f.api_name]))
                  .slice(0, 3)
                  .map((f) => (
                    <Typography.Text key={f.api_name} type="secondary">
                      <FieldValue field={f} value={row[f.api_name]} context={context} compact />
                    </Typography.Text>
                  ))}
              </Flex>
            ) : null}
          </List.Item>
        )}
      />
    );
  const display = displayFieldOf(source);
  return (
    <Table<RecordData>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={rows}
      onRow={(row) => ({ onClick: () => navigate(href(row)), style: { cursor: "pointer" } })}
      columns={[
        {
          key: "title",
          title: display ? label(display.labels) : "",
          render: (_: unknown, row: RecordData) => (
            <Link to={href(row)} onClick={(e) => e.stopPropagation()} data-testid="section-row">
              {recordTitle(source, row)}
            </Link>
          ),
        },
        ...columns.map((f) => ({
          key: f.api_name,
          title: label(f.labels),
          render: (_: unknown, row: RecordData) => (
            <FieldValue field={f} value={row[f.api_name]} context={context} compact />
          ),
        })),
      ]}
    />
  );
}
