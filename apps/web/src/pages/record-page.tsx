import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Popconfirm,
  Skeleton,
  Table,
  Tag,
  Typography,
} from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useObject } from "../api/metadata.queries.ts";
import { deleteRecord, recordKey, recordsKey, useRecord } from "../api/records.queries.ts";
import type { ObjectMeta, RecordData, RelatedListMeta } from "../api/types.ts";
import { ErrorResult, problemMessage } from "../components/error-result.tsx";
import { FieldValue, type ValueContext } from "../components/field-value.tsx";
import { InlineField } from "../components/inline-field.tsx";
import { useValueContext } from "../components/use-value-context.ts";
import { useLabel, useLanguage } from "../i18n/index.ts";
import { formatDateTime } from "../lib/format.ts";
import { displayFieldOf, expandableFields, recordTitle, visibleFields } from "../lib/metadata.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

function RelatedList({
  list,
  records,
  parentId,
  objects,
  context,
}: {
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
          <Link to={`/o/${source.api_name}/new?${list.source_field}=${parentId}`}>
            <Button size="small" icon={<PlusOutlined />}>
              {t("record.newRelated")}
            </Button>
          </Link>
        ) : null
      }
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

function RecordView({ object, objects, id }: { object: ObjectMeta; objects: ObjectMeta[]; id: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const fields = useMemo(() => visibleFields(object), [object]);
  const expand = useMemo(
    () => [...expandableFields(fields), ...object.related_lists.map((l) => l.api_name)],
    [fields, object],
  );
  const record = useRecord(object.api_name, id, expand);
  const relatedFields = useMemo(
    () =>
      object.related_lists.flatMap(
        (l) => objects.find((o) => o.api_name === l.source_object)?.fields.filter((f) => !f.hidden) ?? [],
      ),
    [object, objects],
  );
  const context = useValueContext(objects, [...fields, ...relatedFields]);
  useDocumentTitle(record.data ? recordTitle(object, record.data) : label(object.labels));

  if (record.isLoading) return <Skeleton active />;
  if (record.error || !record.data)
    return <ErrorResult error={record.error} onRetry={() => record.refetch()} />;
  const data = record.data;
  const title = recordTitle(object, data);
  const refresh = () => {
    void record.refetch();
    void queryClient.invalidateQueries({ queryKey: recordsKey(object.api_name) });
  };
  const remove = async () => {
    try {
      await deleteRecord(object.api_name, data.id, data.version);
      message.success(t("common.deleted"));
      queryClient.removeQueries({ queryKey: recordKey(object.api_name, data.id) });
      void queryClient.invalidateQueries({ queryKey: recordsKey(object.api_name) });
      navigate(`/o/${object.api_name}`);
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };

  return (
    <div>
      {isPhone ? null : (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={[
            { title: <Link to={`/o/${object.api_name}`}>{label(object.plural_labels)}</Link> },
            { title },
          ]}
        />
      )}
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Text type="secondary">{label(object.labels)}</Typography.Text>
          <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="record-title">
            {title}
          </Typography.Title>
        </div>
        <Flex gap={8}>
          <Link to={`/o/${object.api_name}/${data.id}/edit`}>
            <Button icon={<EditOutlined />} type="primary" data-testid="edit-record">
              {t("common.edit")}
            </Button>
          </Link>
          <Popconfirm
            title={t("record.deleteConfirm")}
            description={t("record.deleteConfirmDetail")}
            onConfirm={remove}
            okText={t("common.delete")}
            cancelText={t("common.cancel")}
            okButtonProps={{ danger: true }}
          >
            <Button icon={<DeleteOutlined />} danger aria-label={t("common.delete")}>
              {isPhone ? null : t("common.delete")}
            </Button>
          </Popconfirm>
        </Flex>
      </Flex>
      <Card title={t("record.details")} size="small">
        <Descriptions
          column={isPhone ? 1 : 2}
          size="small"
          bordered={!isPhone}
          layout={isPhone ? "vertical" : "horizontal"}
          items={fields.map((field) => ({
            key: field.api_name,
            label: label(field.labels) || field.api_name,
            span: field.type === "long_text" || field.type === "rich_text" ? (isPhone ? 1 : 2) : 1,
            children: (
              <InlineField
                object={object}
                field={field}
                record={data}
                context={context}
                onSaved={refresh}
                onConflict={refresh}
              />
            ),
          }))}
        />
      </Card>
      {object.related_lists.map((list) => (
        <RelatedList
          key={list.api_name}
          list={list}
          records={(data[list.api_name] as RecordData[] | undefined) ?? []}
          parentId={data.id}
          objects={objects}
          context={context}
        />
      ))}
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
        {t("record.createdAt")} {formatDateTime(data.created_at, language)} · {t("record.updatedAt")}{" "}
        {formatDateTime(data.updated_at, language)} · {t("record.version")} {data.version}
      </Typography.Paragraph>
    </div>
  );
}

export default function RecordPage() {
  const { t } = useTranslation();
  const { object: apiName, id } = useParams();
  const { object, objects, isLoading, error } = useObject(apiName);
  if (isLoading) return <Skeleton active />;
  if (error) return <ErrorResult error={error} />;
  if (!object || !id)
    return <Typography.Text>{t("errors.objectNotFound", { name: apiName ?? "" })}</Typography.Text>;
  return <RecordView key={id} object={object} objects={objects} id={id} />;
}
