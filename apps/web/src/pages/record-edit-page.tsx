import { useQueryClient } from "@tanstack/react-query";
import { Breadcrumb, Card, Skeleton, Typography } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useObject } from "../api/metadata.queries.ts";
import { recordKey, recordsKey, useRecord } from "../api/records.queries.ts";
import type { RecordData } from "../api/types.ts";
import { ErrorResult } from "../components/error-result.tsx";
import { RecordForm } from "../components/record-form.tsx";
import { useLabel } from "../i18n/index.ts";
import { recordTitle, visibleFields } from "../lib/metadata.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

/** `/o/:object/new` and `/o/:object/:id/edit`. A new record may be prefilled from the query (?customer=<id>). */
export default function RecordEditPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { object: apiName, id } = useParams();
  const [params] = useSearchParams();
  const { object, isLoading, error } = useObject(apiName);
  const record = useRecord(apiName ?? "", id);

  // Created from a parent's related list: back to the parent afterwards (only a record page of this app).
  const returnTo = params.get("return_to");
  const parent = returnTo && /^\/o\/[A-Za-z0-9_]+\/[0-9a-f-]{36}$/.test(returnTo) && !id ? returnTo : null;
  const prefill = useMemo(() => {
    if (!object) return {};
    const names = new Set(visibleFields(object).map((f) => f.api_name));
    return Object.fromEntries([...params].filter(([name]) => names.has(name)));
  }, [object, params]);

  if (isLoading || (id && record.isLoading)) return <Skeleton active />;
  if (error) return <ErrorResult error={error} />;
  if (!object)
    return <Typography.Text>{t("errors.objectNotFound", { name: apiName ?? "" })}</Typography.Text>;
  if (id && record.error) return <ErrorResult error={record.error} onRetry={() => record.refetch()} />;

  const objectLabel = label(object.labels);
  const title = id
    ? t("record.editTitle", { object: objectLabel })
    : t("record.createTitle", { object: objectLabel });
  const onSaved = (saved: RecordData) => {
    // Back on the parent, its related lists must show the new record, whichever query holds them.
    if (parent) void queryClient.invalidateQueries();
    else void queryClient.invalidateQueries({ queryKey: recordsKey(object.api_name) });
    queryClient.removeQueries({ queryKey: recordKey(object.api_name, saved.id) });
    navigate(parent ?? `/o/${object.api_name}/${saved.id}`, { replace: Boolean(id) || Boolean(parent) });
  };
  const back = () => navigate(parent ?? (id ? `/o/${object.api_name}/${id}` : `/o/${object.api_name}`));

  return (
    <div style={{ maxWidth: 960 }}>
      {isPhone ? null : (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={[
            { title: <Link to={`/o/${object.api_name}`}>{label(object.plural_labels)}</Link> },
            ...(id && record.data
              ? [
                  {
                    title: <Link to={`/o/${object.api_name}/${id}`}>{recordTitle(object, record.data)}</Link>,
                  },
                ]
              : []),
            { title },
          ]}
        />
      )}
      <Card title={title} styles={{ body: { paddingBottom: 0 } }}>
        <RecordForm
          key={id ?? "new"}
          object={object}
          record={id ? record.data : undefined}
          prefill={prefill}
          onSaved={onSaved}
          onCancel={back}
        />
      </Card>
    </div>
  );
}
