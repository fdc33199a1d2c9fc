import { ProfileOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Breadcrumb, Button, Card, Col, Flex, Result, Row, Skeleton, Typography } from "antd";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useObject } from "../api/metadata.queries.ts";
import {
  hasOverview,
  useOverviewDefinition,
  usePipelinesOf,
  useRecordOverview,
} from "../api/overview.queries.ts";
import { recordKey, recordsKey } from "../api/records.queries.ts";
import type { ObjectMeta, RecordData } from "../api/types.ts";
import { ErrorResult } from "../components/error-result.tsx";
import { CreateRelatedDrawer, type RelatedDraft } from "../components/overview/create-related-drawer.tsx";
import { LogActivity } from "../components/overview/log-activity.tsx";
import { OverviewActions, quickActions } from "../components/overview/overview-actions.tsx";
import { OverviewKpis } from "../components/overview/overview-kpis.tsx";
import { OverviewSections } from "../components/overview/overview-sections.tsx";
import { OverviewTimeline } from "../components/overview/overview-timeline.tsx";
import { PersonName } from "../components/person-name.tsx";
import { useValueContext } from "../components/use-value-context.ts";
import { useLabel } from "../i18n/index.ts";
import { recordTitle, visibleFields } from "../lib/metadata.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

/** Room the phone's bottom action bar takes, left free under the page. */
const PHONE_BAR = 72;

function OverviewView({ object, objects, id }: { object: ObjectMeta; objects: ObjectMeta[]; id: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const queryClient = useQueryClient();
  const definition = useOverviewDefinition(object.api_name);
  const overview = useRecordOverview(object.api_name, id);
  const [logging, setLogging] = useState(false);
  const [draft, setDraft] = useState<RelatedDraft | null>(null);
  const stageObjects = useMemo(
    () => [
      ...new Set(
        (definition.data?.timeline ?? []).flatMap((s) =>
          s.kind === "stage_changes" ? [s.object ?? object.api_name] : [],
        ),
      ),
    ],
    [definition.data, object],
  );
  const pipelines = usePipelinesOf(stageObjects);
  const shownFields = useMemo(() => {
    const names = new Set((definition.data?.sections ?? []).map((s) => s.object));
    return [object, ...objects.filter((o) => names.has(o.api_name))].flatMap(visibleFields);
  }, [definition.data, object, objects]);
  const context = useValueContext(objects, shownFields);
  const record = overview.overview?.record as RecordData | undefined;
  const title = recordTitle(object, record);
  useDocumentTitle(record ? `${title} · 360°` : label(object.labels));

  if (definition.isLoading || overview.isLoading) return <Skeleton active />;
  if (overview.error || !overview.overview)
    return <ErrorResult error={overview.error} onRetry={() => overview.refetch()} />;
  const data = overview.overview;
  const actions = quickActions(definition.data, objects);
  const refresh = (changed: string) => {
    void overview.refetch();
    void queryClient.invalidateQueries({ queryKey: recordsKey(changed) });
    void queryClient.invalidateQueries({ queryKey: recordKey(object.api_name, id) });
  };
  const openCreate = (target: ObjectMeta, via: string) => setDraft({ object: target, via });
  const detailsLink = (
    <Link to={`/o/${object.api_name}/${id}`}>
      <Button icon={<ProfileOutlined />} data-testid="overview-details">
        {t("overview.details")}
      </Button>
    </Link>
  );

  return (
    <div style={isPhone ? { paddingBottom: PHONE_BAR } : undefined} data-testid="record-overview">
      {isPhone ? null : (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={[
            { title: <Link to={`/o/${object.api_name}`}>{label(object.plural_labels)}</Link> },
            { title: <Link to={`/o/${object.api_name}/${id}`}>{title}</Link> },
            { title: t("overview.open") },
          ]}
        />
      )}
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 0 }}>
          <Typography.Text type="secondary">
            {t("overview.title", { object: label(object.labels) })}
          </Typography.Text>
          <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="overview-title">
            {title}
          </Typography.Title>
          {record?.owner_id ? (
            <Flex align="center" gap={6} style={{ marginTop: 4 }}>
              <Typography.Text type="secondary">{t("list.owner")}</Typography.Text>
              <PersonName id={record.owner_id} />
            </Flex>
          ) : null}
        </div>
        <Flex gap={8} wrap align="center">
          {isPhone ? null : (
            <OverviewActions actions={actions} onLog={() => setLogging(true)} onCreate={openCreate} />
          )}
          {detailsLink}
        </Flex>
      </Flex>
      {hasOverview(definition.data) ? null : (
        <Result
          status="info"
          title={t("overview.noDefinition", { object: label(object.labels) })}
          subTitle={t("overview.noDefinitionHint")}
        />
      )}
      <OverviewKpis kpis={data.kpis} definition={definition.data} object={object} context={context} />
      <Row gutter={[16, 16]} style={{ marginTop: data.kpis.length ? 16 : 0 }}>
        {data.sections.length ? (
          <Col xs={24} lg={data.timeline.entries.length || stageObjects.length ? 15 : 24}>
            <OverviewSections
              sections={data.sections}
              definition={definition.data}
              objects={objects}
              context={context}
              recordId={id}
              onCreate={openCreate}
            />
          </Col>
        ) : null}
        {definition.data?.timeline.length ? (
          <Col xs={24} lg={data.sections.length ? 9 : 24}>
            <Card size="small" title={t("overview.timeline")} data-testid="overview-timeline-card">
              <OverviewTimeline
                entries={overview.entries}
                definition={definition.data}
                object={object}
                recordId={id}
                objects={objects}
                pipelines={pipelines}
                hasMore={Boolean(overview.hasNextPage)}
                loadingMore={overview.isFetchingNextPage}
                onLoadMore={() => void overview.fetchNextPage()}
              />
            </Card>
          </Col>
        ) : null}
      </Row>
      {isPhone ? (
        <OverviewActions actions={actions} onLog={() => setLogging(true)} onCreate={openCreate} />
      ) : null}
      {actions.log ? (
        <LogActivity
          open={logging}
          object={actions.log.object}
          source={actions.log.source}
          recordId={id}
          recordTitle={title}
          onClose={() => setLogging(false)}
          onSaved={() => {
            setLogging(false);
            if (actions.log) refresh(actions.log.object.api_name);
          }}
        />
      ) : null}
      <CreateRelatedDrawer
        draft={draft}
        recordId={id}
        onClose={() => setDraft(null)}
        onSaved={() => {
          if (draft) refresh(draft.object.api_name);
          setDraft(null);
        }}
      />
    </div>
  );
}

/** `/o/:object/:id/360`: the page a rep opens before a call — KPIs, related lists, the timeline, quick actions. */
export default function RecordOverviewPage() {
  const { t } = useTranslation();
  const { object: apiName, id } = useParams();
  const { object, objects, isLoading, error } = useObject(apiName);
  if (isLoading) return <Skeleton active />;
  if (error) return <ErrorResult error={error} />;
  if (!object || !id)
    return <Typography.Text>{t("errors.objectNotFound", { name: apiName ?? "" })}</Typography.Text>;
  return <OverviewView key={id} object={object} objects={objects} id={id} />;
}
