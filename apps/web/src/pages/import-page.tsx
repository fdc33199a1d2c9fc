import { ArrowLeftOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Flex, Skeleton, Steps, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import {
  type ImportRunView,
  type ImportSettingsBody,
  type ImportStatus,
  importKey,
  startDryRun,
  startRun,
  startUndo,
  useImportRun,
} from "../api/imports.queries.ts";
import { useObject } from "../api/metadata.queries.ts";
import { recordsKey } from "../api/records.queries.ts";
import type { ObjectMeta } from "../api/types.ts";
import { ErrorResult, problemMessage } from "../components/error-result.tsx";
import { CheckStep } from "../components/import/check-step.tsx";
import { MappingStep } from "../components/import/mapping-step.tsx";
import { ResultStep, RunStep } from "../components/import/result-step.tsx";
import { UploadStep } from "../components/import/upload-step.tsx";
import { useLabel } from "../i18n/index.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

/** The wizard step an import's status belongs to (0 upload … 4 result). */
function stepOf(status: ImportStatus | undefined, editing: boolean): number {
  if (!status) return 0;
  if (status === "uploaded" || editing) return 1;
  if (status === "validating" || status === "validated") return 2;
  if (status === "running") return 3;
  return 4;
}

/**
 * The import wizard: upload → mapping → check (dry run) → import with progress → result with undo. The URL
 * carries the import's id (`?id=`), so a reload — or coming back later — shows the job where it is now.
 */
function ImportWizard({ object }: { object: ObjectMeta }) {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const id = params.get("id");
  const run = useImportRun(id);
  const [editing, setEditing] = useState(false);
  // "Fix" on a problem group: back to the mapping with that column's value mapping open.
  const [focus, setFocus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const listPath = `/o/${object.api_name}`;
  useDocumentTitle(t("imports.title", { object: label(object.plural_labels) }));

  // A finished run or undo changed the records: the list must not show its cached rows.
  const status = run.data?.status;
  const seen = useRef(status);
  useEffect(() => {
    if (
      status &&
      status !== seen.current &&
      (status === "completed" || status === "undone" || status === "failed")
    )
      void queryClient.invalidateQueries({ queryKey: recordsKey(object.api_name) });
    seen.current = status;
  }, [status, object.api_name, queryClient]);

  const show = (next: ImportRunView) => queryClient.setQueryData(importKey(next.id), next);
  const act = async (action: () => Promise<ImportRunView>) => {
    setBusy(true);
    try {
      const next = await action();
      show(next);
      setEditing(false);
    } catch (error) {
      message.error(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  };
  const restart = () => {
    setEditing(false);
    setParams({}, { replace: false });
  };

  const step = stepOf(id ? status : undefined, editing);
  const titles = [
    t("imports.steps.upload"),
    t("imports.steps.mapping"),
    t("imports.steps.check"),
    t("imports.steps.run"),
    t("imports.steps.result"),
  ];
  const body = !id ? (
    <UploadStep
      object={object.api_name}
      onUploaded={(uploaded) => {
        show(uploaded);
        setParams({ id: uploaded.id });
      }}
    />
  ) : run.error ? (
    <ErrorResult error={run.error} onRetry={() => void run.refetch()} />
  ) : !run.data ? (
    <Skeleton active />
  ) : step === 1 ? (
    <MappingStep
      run={run.data}
      displayField={object.display_field}
      focus={focus}
      busy={busy}
      onRestart={restart}
      onSubmit={(settings: ImportSettingsBody) => void act(() => startDryRun(run.data!.id, settings))}
    />
  ) : step === 2 ? (
    <CheckStep
      run={run.data}
      busy={busy}
      onBack={() => {
        setFocus(null);
        setEditing(true);
      }}
      onFix={(group) => {
        setFocus(group.column);
        setEditing(true);
      }}
      onRun={(acceptWarnings) =>
        void act(() => startRun(run.data!.id, { ...run.data!.settings!, accept_warnings: acceptWarnings }))
      }
    />
  ) : step === 3 ? (
    <RunStep run={run.data} />
  ) : (
    <ResultStep
      run={run.data}
      listPath={listPath}
      undoBusy={busy}
      onUndo={() => void act(() => startUndo(run.data!.id))}
      onAgain={restart}
    />
  );

  return (
    <Flex vertical gap={16} data-testid="import-wizard">
      <Flex align="center" gap={8} wrap>
        <Link to={listPath} aria-label={t("imports.backToList")}>
          <Button type="text" icon={<ArrowLeftOutlined />} />
        </Link>
        <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }} data-testid="import-title">
          {t("imports.title", { object: label(object.plural_labels) })}
        </Typography.Title>
      </Flex>
      <Steps
        current={step}
        size="small"
        responsive={false}
        // A phone has room for the five dots only: the current step's name goes under them.
        items={titles.map((title) => ({ title: isPhone ? null : title }))}
        data-testid="import-steps"
      />
      {isPhone ? <Typography.Text strong>{`${step + 1}/5 · ${titles[step]}`}</Typography.Text> : null}
      <Card size={isPhone ? "small" : "default"}>{body}</Card>
    </Flex>
  );
}

export default function ImportPage() {
  const { t } = useTranslation();
  const { object: apiName } = useParams();
  const { object, isLoading, error } = useObject(apiName);
  if (isLoading) return <Skeleton active />;
  if (error) return <ErrorResult error={error} />;
  if (!object)
    return <Typography.Text>{t("errors.objectNotFound", { name: apiName ?? "" })}</Typography.Text>;
  return <ImportWizard key={object.api_name} object={object} />;
}
