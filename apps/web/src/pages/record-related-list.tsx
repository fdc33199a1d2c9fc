import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Flex, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import type { ObjectMeta, RecordData, RelatedListMeta } from "../api/types.ts";
import { FieldValue, type ValueContext } from "../components/field-value.tsx";
import { useLabel } from "../i18n/index.ts";
import { displayFieldOf, recordTitle, visibleFields } from "../lib/metadata.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

/** Records of another object pointing at this one (a reverse relation), with a link to add one. */
export function RelatedList({
  list,
  records,
  parentId,
  objects,
  context,
  inner,
}: {
  /** Shown inside a layout section (a sub-form on the record page) rather than below the sections. */
  inner?: boolean;
  list: RelatedListMeta;
  records: RecordData[];
  parentId: string;
  objects: ObjectMeta[];
  context: ValueContext;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const location = useLocation();
  const source = objects.find((o) => o.api_name === list.source_object);
  if (!source) return null;
  const display = displayFieldOf(source);
  const columns = visibleFields(source)
    .filter((f) => f.api_name !== list.source_field && f.api_name !== display?.api_name)
    .slice(0, 3);
  const canCreate = list.cardinality === "one_to_many";
  return (
    <Card
      size="small"
      title={
        <span>
          {label(list.labels)} <Tag>{t("record.relatedCount", { count: records.length })}</Tag>
        </span>
      }
      extra={
        canCreate ? (
          <Link
            to={`/o/${source.api_name}/new?${list.source_field}=${parentId}&return_to=${encodeURIComponent(location.pathname)}`}
          >
            <Button size="small" icon={<PlusOutlined />}>
              {t("record.newRelated")}
            </Button>
          </Link>
        ) : null
      }
      type={inner ? "inner" : undefined}
      style={{ marginTop: 16 }}
      data-testid={`related-${list.api_name}`}
    >
      {records.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("record.noRelated")} />
      ) : isPhone ? (
        <Flex vertical gap={4}>
          {records.map((r) => (
            <Link key={r.id} to={`/o/${source.api_name}/${r.id}`}>
              {recordTitle(source, r)}
            </Link>
          ))}
        </Flex>
      ) : (
        <Table<RecordData>
          size="small"
          rowKey="id"
          pagination={records.length > 10 ? { pageSize: 10, size: "small" } : false}
          dataSource={records}
          onRow={(r) => ({
            onClick: () => navigate(`/o/${source.api_name}/${r.id}`),
            style: { cursor: "pointer" },
          })}
          columns={[
            {
              key: "title",
              title: display ? label(display.labels) : "",
              render: (_: unknown, r: RecordData) => (
                <Link to={`/o/${source.api_name}/${r.id}`} onClick={(e) => e.stopPropagation()}>
                  {recordTitle(source, r)}
                </Link>
              ),
            },
            ...columns.map((f) => ({
              key: f.api_name,
              title: label(f.labels),
              render: (_: unknown, r: RecordData) => (
                <FieldValue field={f} value={r[f.api_name]} context={context} compact />
              ),
            })),
          ]}
        />
      )}
    </Card>
  );
}
