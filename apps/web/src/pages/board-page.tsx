import { PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Result, Skeleton, Typography } from "antd";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { useObject } from "../api/metadata.queries.ts";
import { usePipelines } from "../api/pipelines.queries.ts";
import { isAdminUser, useSession } from "../api/session.ts";
import type { FieldMeta, ObjectMeta } from "../api/types.ts";
import { Board } from "../components/board/board.tsx";
import type { CardSetup } from "../components/board/board-card.tsx";
import { allOf, amountFieldOf, cardFieldNames, pipelineFilter } from "../components/board/board-model.ts";
import { BoardToolbar, PipelinePicker } from "../components/board/board-toolbar.tsx";
import { ViewModeSwitch } from "../components/board/view-mode-switch.tsx";
import { ErrorResult } from "../components/error-result.tsx";
import { apiFilterOf, columnNamesOf, listFields } from "../components/list/list-query.ts";
import { useListState } from "../components/list/list-state.ts";
import { useViewActions } from "../components/list/use-view-actions.ts";
import { useValueContext } from "../components/use-value-context.ts";
import { useLabel } from "../i18n/index.ts";
import { formatSortParam } from "../lib/filter-model.ts";
import { expandableFields } from "../lib/metadata.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

/**
 * The kanban board of an object's pipeline. It reads the list's URL parameters (saved view, filter, search,
 * sort, columns) and adds `pipeline`; cards show the view's first columns.
 */
function ObjectBoard({ object, objects }: { object: ObjectMeta; objects: ObjectMeta[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const session = useSession();
  const isAdmin = isAdminUser(session.data?.user ?? null);
  const [params, setParams] = useSearchParams();
  const state = useListState();
  const pipelines = usePipelines(object.api_name);
  useDocumentTitle(`${label(object.plural_labels)} · ${t("board.board")}`);

  const model = useMemo(() => listFields(object), [object]);
  const { fieldMap, displayField } = model;
  const columnNames = columnNamesOf(model, state.columns);
  const views = useViewActions({ object: object.api_name, state, columnNames, fieldMap });

  const all = pipelines.data ?? [];
  const wanted = params.get("pipeline");
  const pipeline = all.find((p) => p.api_name === wanted) ?? all.find((p) => p.is_default) ?? all[0];
  const stageField = pipeline ? fieldMap.get(pipeline.stage_field) : undefined;
  const amountField = amountFieldOf(model.fields, columnNames);
  const cardFieldKey = cardFieldNames(columnNames, [
    displayField?.api_name,
    pipeline?.stage_field,
    pipeline?.pipeline_field ?? undefined,
    amountField?.api_name,
    "owner_id",
  ]).join(",");
  const cardFields = useMemo(
    () =>
      cardFieldKey
        .split(",")
        .map((name) => fieldMap.get(name))
        .filter((f): f is FieldMeta => Boolean(f)),
    [cardFieldKey, fieldMap],
  );
  const context = useValueContext(objects, cardFields);
  const options = stageField?.config.options;
  const stageLabel = useCallback(
    (stage: string) => label(options?.find((o) => o.value === stage)?.labels) || stage,
    [label, options],
  );
  const setup = useMemo<CardSetup | null>(
    () =>
      pipeline
        ? { object, amountField, fields: cardFields, context, stages: pipeline.stages, stageLabel }
        : null,
    [object, amountField, cardFields, context, pipeline, stageLabel],
  );

  // A view whose filter the builder cannot show (made through the API) is sent as stored, as the list does.
  const listFilter =
    views.advancedFilter && views.selected?.filter
      ? views.selected.filter
      : apiFilterOf(model, state.filter, state.q);
  const filter = pipeline ? allOf(listFilter, pipelineFilter(pipeline)) : undefined;

  const header = (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
      <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="board-title">
        {label(object.plural_labels)}
      </Typography.Title>
      <Flex gap={8} align="center">
        <ViewModeSwitch object={object.api_name} mode="board" compact={isPhone} />
        <Link to={`/o/${object.api_name}/new`}>
          <Button type="primary" icon={<PlusOutlined />} data-testid="new-record">
            {isPhone ? t("common.create") : t("list.newRecord", { object: label(object.labels) })}
          </Button>
        </Link>
      </Flex>
    </Flex>
  );

  const picker = pipeline ? (
    <PipelinePicker
      pipelines={all}
      value={pipeline.api_name}
      onChange={(next) =>
        setParams(
          (old) => {
            const changed = new URLSearchParams(old);
            changed.set("pipeline", next);
            return changed;
          },
          { replace: true },
        )
      }
      isPhone={isPhone}
    />
  ) : null;

  if (pipelines.isLoading) return <Skeleton active />;
  if (pipelines.error)
    return <ErrorResult error={pipelines.error} onRetry={() => void pipelines.refetch()} />;
  if (!pipeline || !setup)
    return (
      <Result
        status="info"
        title={t("board.noPipeline", { object: label(object.labels) })}
        subTitle={t("board.noPipelineHint")}
        extra={
          <Link to={`/o/${object.api_name}`}>
            <Button type="primary">{t("board.backToList")}</Button>
          </Link>
        }
        data-testid="board-none"
      />
    );
  if (!stageField)
    return (
      <>
        {header}
        <Result status="warning" title={t("board.stageHidden")} data-testid="board-stage-hidden" />
      </>
    );

  return (
    <div>
      {header}
      {isPhone || all.length < 2 ? null : <div style={{ marginBottom: 12 }}>{picker}</div>}
      <BoardToolbar
        state={state}
        views={views}
        allFields={model.allFields}
        columnNames={columnNames}
        searchField={model.searchField}
        isAdmin={isAdmin}
        isPhone={isPhone}
        leading={picker}
      />
      <Board
        key={pipeline.api_name}
        pipeline={pipeline}
        stageField={stageField}
        setup={setup}
        filter={filter}
        sort={formatSortParam(state.sort)}
        expand={expandableFields(cardFields)}
        enabled={!views.restoring}
        isPhone={isPhone}
      />
    </div>
  );
}

export default function BoardPage() {
  const { t } = useTranslation();
  const { object: apiName } = useParams();
  const { object, objects, isLoading, error } = useObject(apiName);
  if (isLoading) return <Skeleton active />;
  if (error) return <ErrorResult error={error} />;
  if (!object)
    return <Typography.Text>{t("errors.objectNotFound", { name: apiName ?? "" })}</Typography.Text>;
  return <ObjectBoard key={object.api_name} object={object} objects={objects} />;
}
