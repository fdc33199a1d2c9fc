import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { Empty, Flex, Input, Skeleton, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { http } from "../api/http-client.ts";
import { useObject } from "../api/metadata.queries.ts";
import { recordsKey } from "../api/records.queries.ts";
import { useCurrentUser } from "../api/session.ts";
import type { ObjectMeta, RecordData } from "../api/types.ts";
import { ErrorResult } from "../components/error-result.tsx";
import { useDebounced } from "../components/list/list-state.ts";
import { LoadMore } from "../components/load-more.tsx";
import { PersonName } from "../components/person-name.tsx";
import { RecycleBinActions } from "../components/recycle-bin-actions.tsx";
import { useLabel, useLanguage } from "../i18n/index.ts";
import { formatDateTime } from "../lib/format.ts";
import { recordTitle, searchFieldOf } from "../lib/metadata.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

const PAGE = 50;
type DeletedRecord = RecordData & { deleted_at?: string };

/**
 * An object's recycle bin (回收站): deleted records with who deleted them and when, newest first; restore
 * puts a record back in the list, permanent delete (with the right to change all data) removes it for good.
 * The server checks every action again: what a user may not restore answers with its reason.
 */
function RecycleBin({ object }: { object: ObjectMeta }) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const isPhone = useIsPhone();
  const queryClient = useQueryClient();
  const me = useCurrentUser();
  const mayPurge = me?.permissions?.includes("modify_all_data") ?? false;
  const searchField = searchFieldOf(object);
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 300);
  useDocumentTitle(t("recycleBin.title", { object: label(object.plural_labels) }));

  const filter = searchField && q ? { [searchField.api_name]: { contains: q } } : undefined;
  const key = [...recordsKey(object.api_name), "recycle-bin", q] as const;
  const deleted = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) =>
      http.get<{ records: DeletedRecord[]; next_cursor: string | null }>(
        `/api/records/${object.api_name}`,
        {
          deleted: true,
          limit: PAGE,
          cursor: pageParam,
          filter: filter ? JSON.stringify(filter) : undefined,
        },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const records = deleted.data?.pages.flatMap((p) => p.records) ?? [];
  const refresh = () => void queryClient.invalidateQueries({ queryKey: recordsKey(object.api_name) });

  const columns = [
    {
      key: "title",
      title: label(object.labels),
      render: (_: unknown, record: DeletedRecord) => recordTitle(object, record),
    },
    {
      key: "deleted_at",
      title: t("recycleBin.deletedAt"),
      render: (_: unknown, record: DeletedRecord) =>
        record.deleted_at ? formatDateTime(record.deleted_at, language) : "—",
    },
    {
      key: "deleted_by",
      title: t("recycleBin.deletedBy"),
      responsive: ["md" as const],
      render: (_: unknown, record: DeletedRecord) =>
        record.updated_by ? <PersonName id={String(record.updated_by)} /> : "—",
    },
    {
      key: "actions",
      title: "",
      render: (_: unknown, record: DeletedRecord) => (
        <RecycleBinActions
          object={object.api_name}
          id={record.id}
          title={recordTitle(object, record)}
          mayPurge={mayPurge}
          compact={isPhone}
          onDone={refresh}
        />
      ),
    },
  ];

  return (
    <div data-testid="recycle-bin">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <div>
          <Link to={`/o/${object.api_name}`}>{label(object.plural_labels)}</Link>
          <Typography.Title level={isPhone ? 4 : 3} style={{ margin: 0 }}>
            {t("recycleBin.heading")}
          </Typography.Title>
        </div>
        {searchField ? (
          <Input.Search
            allowClear
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t("list.quickSearch", { field: label(searchField.labels) })}
            style={{ maxWidth: 320 }}
          />
        ) : null}
      </Flex>
      <Typography.Paragraph type="secondary">{t("recycleBin.explain")}</Typography.Paragraph>
      {deleted.error ? (
        <ErrorResult error={deleted.error} onRetry={() => deleted.refetch()} />
      ) : deleted.isLoading ? (
        <Skeleton active />
      ) : (
        <Table
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={records}
          pagination={false}
          scroll={{ x: true }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("recycleBin.empty")} />,
          }}
        />
      )}
      <LoadMore
        hasMore={Boolean(deleted.hasNextPage)}
        loading={deleted.isFetchingNextPage}
        onLoad={() => void deleted.fetchNextPage()}
        count={records.length}
      />
    </div>
  );
}

export default function RecycleBinPage() {
  const { t } = useTranslation();
  const { object: apiName } = useParams();
  const { object, isLoading, error } = useObject(apiName);
  if (isLoading) return <Skeleton active />;
  if (error) return <ErrorResult error={error} />;
  if (!object)
    return <Typography.Text>{t("errors.objectNotFound", { name: apiName ?? "" })}</Typography.Text>;
  return <RecycleBin key={object.api_name} object={object} />;
}
