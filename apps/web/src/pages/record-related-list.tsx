import { PlusOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Flex, Table, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import type { FieldMeta, ObjectMeta, RecordData, RelatedListMeta } from "../api/types.ts";
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
        <Flex vertical gap={8}>
          {records.map((r) => (
            <RelatedCard
              key={r.id}
              object={source}
              record={r}
              fields={columns}
              context={context}
              onOpen={() => navigate(`/o/${source.api_name}/${r.id}`)}
            />
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

/** A related record on a phone: its title and the list's columns as label–value lines, the whole card a tap target. */
function RelatedCard({
  object,
  record,
  fields,
  context,
  onOpen,
}: {
  object: ObjectMeta;
  record: RecordData;
  fields: FieldMeta[];
  context: ValueContext;
  onOpen: () => void;
}) {
  const label = useLabel();
  return (
    <Card size="small" hoverable onClick={onOpen} data-testid="related-card">
      <Typography.Text strong>
        <Link to={`/o/${object.api_name}/${record.id}`} onClick={(e) => e.stopPropagation()}>
          {recordTitle(object, record)}
        </Link>
      </Typography.Text>
      {fields.length > 0 && (
        <div style={{ marginTop: 4, display: "grid", gridTemplateColumns: "auto 1fr", gap: "2px 12px" }}>
          {fields.map((field) => (
            <div
              key={field.api_name}
              style={{ display: "contents" }}
              data-testid={`related-card-${field.api_name}`}
            >
              <Typography.Text type="secondary">{label(field.labels)}</Typography.Text>
              <span style={{ minWidth: 0, overflow: "hidden", textOverflow: "ellipsis" }}>
                <FieldValue field={field} value={record[field.api_name]} context={context} compact />
              </span>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
