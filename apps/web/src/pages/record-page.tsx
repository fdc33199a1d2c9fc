import { DeleteOutlined, EditOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Breadcrumb, Button, Flex, Popconfirm, Skeleton, Tabs, Tag, Tooltip, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { useLayout } from "../api/layouts.queries.ts";
import { useObject } from "../api/metadata.queries.ts";
import { deleteRecord, recordKey, recordsKey, useRecord, useRecordActions } from "../api/records.queries.ts";
import type { ObjectMeta, RecordData } from "../api/types.ts";
import { AssignmentDecisionCard } from "../components/assignment/assignment-decision.tsx";
import { RecordAutomationRuns } from "../components/automations/record-automation-runs.tsx";
import { ConvertButton } from "../components/conversion/convert-button.tsx";
import { ErrorResult, problemMessage } from "../components/error-result.tsx";
import { OverviewLink } from "../components/overview/overview-link.tsx";
import { PersonName } from "../components/person-name.tsx";
import { TransferButton } from "../components/transfer-button.tsx";
import { useValueContext } from "../components/use-value-context.ts";
import { useLabel, useLanguage } from "../i18n/index.ts";
import { formatDateTime } from "../lib/format.ts";
import { expandableFields, recordTitle, visibleFields } from "../lib/metadata.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";
import { historyKey, RecordHistory } from "./record-history.tsx";
import { RelatedList } from "./record-related-list.tsx";
import { RecordSections, relatedListFor } from "./record-sections.tsx";

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
  // Edit, delete and transfer are offered only where the server would allow them (it checks again anyway).
  const actions = useRecordActions(object.api_name, id);
  const may = actions.data ?? { edit: false, delete: false, transfer: false };
  const layout = useLayout(object.api_name);
  const relatedFields = useMemo(
    () =>
      object.related_lists.flatMap(
        (l) => objects.find((o) => o.api_name === l.source_object)?.fields.filter((f) => !f.hidden) ?? [],
      ),
    [object, objects],
  );
  const context = useValueContext(objects, [...fields, ...relatedFields]);
  useDocumentTitle(record.data ? recordTitle(object, record.data) : label(object.labels));

  if (record.isLoading || layout.isLoading) return <Skeleton active />;
  if (record.error || !record.data)
    return <ErrorResult error={record.error} onRetry={() => record.refetch()} />;
  const data = record.data;
  const title = recordTitle(object, data);
  // Related lists the layout places as sub-forms show inside their section, not again below.
  const inSections = new Set(
    (layout.data?.sections ?? []).flatMap((s) =>
      s.items.flatMap((item) => {
        const list = item.kind === "subform" ? relatedListFor(object, item) : undefined;
        return list ? [list.api_name] : [];
      }),
    ),
  );
  const refresh = () => {
    void record.refetch();
    void actions.refetch();
    void queryClient.invalidateQueries({ queryKey: recordsKey(object.api_name) });
    void queryClient.invalidateQueries({ queryKey: historyKey(object.api_name, id) });
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
          <Flex align="center" gap={6} style={{ marginTop: 4 }} data-testid="record-owner">
            <Typography.Text type="secondary">{t("list.owner")}</Typography.Text>
            {data.owner_id ? (
              <PersonName id={data.owner_id} />
            ) : (
              <Typography.Text type="secondary">{t("record.unowned")}</Typography.Text>
            )}
          </Flex>
        </div>
        <Flex gap={8} align="center">
          <OverviewLink object={object.api_name} id={data.id} />
          {actions.data && !may.edit && !may.delete && !may.transfer ? (
            <Tooltip title={t("record.readOnlyReason")}>
              <Tag data-testid="record-read-only">{t("record.readOnly")}</Tag>
            </Tooltip>
          ) : null}
          <ConvertButton object={object} objects={objects} record={data} title={title} canEdit={may.edit} />
          {may.edit ? (
            <Link to={`/o/${object.api_name}/${data.id}/edit`}>
              <Button icon={<EditOutlined />} type="primary" data-testid="edit-record">
                {t("common.edit")}
              </Button>
            </Link>
          ) : null}
          <TransferButton
            object={object}
            ids={[data.id]}
            currentOwner={data.owner_id ?? null}
            allowed={may.transfer}
            onDone={refresh}
          />
          {may.delete ? (
            <Popconfirm
              title={t("record.deleteConfirm")}
              description={t("record.deleteConfirmDetail")}
              onConfirm={remove}
              okText={t("common.delete")}
              cancelText={t("common.cancel")}
              okButtonProps={{ danger: true }}
            >
              <Button
                icon={<DeleteOutlined />}
                danger
                aria-label={t("common.delete")}
                data-testid="delete-record"
              >
                {isPhone ? null : t("common.delete")}
              </Button>
            </Popconfirm>
          ) : null}
        </Flex>
      </Flex>
      <Tabs
        defaultActiveKey="details"
        items={[
          {
            key: "details",
            label: t("layouts.record.tabDetails"),
            children: (
              <>
                <AssignmentDecisionCard object={object} id={data.id} ownerId={data.owner_id ?? null} />
                <RecordSections
                  object={object}
                  objects={objects}
                  fields={fields}
                  layout={layout.data}
                  record={data}
                  context={context}
                  onChanged={refresh}
                  readOnly={!may.edit}
                />
                {object.related_lists
                  .filter((list) => !inSections.has(list.api_name))
                  .map((list) => (
                    <RelatedList
                      key={list.api_name}
                      list={list}
                      records={(data[list.api_name] as RecordData[] | undefined) ?? []}
                      parentId={data.id}
                      objects={objects}
                      context={context}
                    />
                  ))}
              </>
            ),
          },
          {
            key: "history",
            label: <span data-testid="history-tab">{t("layouts.record.tabHistory")}</span>,
            children: <RecordHistory object={object} id={data.id} context={context} />,
          },
          {
            key: "automation-runs",
            label: <span data-testid="automation-runs-record-tab">{t("automations.runs.recordTab")}</span>,
            children: <RecordAutomationRuns object={object.api_name} id={data.id} />,
          },
        ]}
      />
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
