import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { DatePicker, Empty, Flex, Select, Skeleton, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { http } from "../api/http-client.ts";
import { useObjects } from "../api/metadata.queries.ts";
import { recordsKey } from "../api/records.queries.ts";
import { ErrorResult } from "../components/error-result.tsx";
import { LoadMore } from "../components/load-more.tsx";
import { PersonName } from "../components/person-name.tsx";
import { RecycleBinActions } from "../components/recycle-bin-actions.tsx";
import { UserSelect } from "../components/user-select.tsx";
import { useLabel, useLanguage } from "../i18n/index.ts";
import { formatDateTime } from "../lib/format.ts";
import { useDocumentTitle } from "../lib/use-document-title.ts";
import { useIsPhone } from "../lib/use-is-phone.ts";

const PAGE = 50;

/** One deleted record as GET /api/recycle-bin lists it. */
interface BinEntry {
  object: string;
  id: string;
  title: string | null;
  deleted_at: string;
  deleted_by: string | null;
  owner_id: string | null;
}

interface BinPage {
  records: BinEntry[];
  next_cursor: string | null;
  may_purge: boolean;
}

const BIN_KEY = ["recycle-bin"] as const;

/**
 * The recycle bin of every object (回收站): the deleted records this user could restore — the server decides
 * which, as it does for the restore itself — newest first, narrowed by object, who deleted and when.
 */
export default function AllRecycleBinPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const isPhone = useIsPhone();
  const queryClient = useQueryClient();
  const objects = useObjects();
  const [object, setObject] = useState<string | null>(null);
  const [deletedBy, setDeletedBy] = useState<string | null>(null);
  const [days, setDays] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  useDocumentTitle(t("recycleBin.heading"));

  const byName = useMemo(
    () => new Map((objects.data?.objects ?? []).map((o) => [o.api_name, o])),
    [objects.data],
  );
  // Only objects the user could restore from (the delete right) are worth choosing.
  const objectOptions = (objects.data?.objects ?? [])
    .filter((o) => o.my_permissions.read && o.my_permissions.delete)
    .map((o) => ({ value: o.api_name, label: label(o.plural_labels) || o.api_name }));

  // Whole days in the user's time zone: from the first day's start to the start of the day after the last.
  const params = {
    object: object ?? undefined,
    deleted_by: deletedBy ?? undefined,
    deleted_from: days?.[0]?.startOf("day").toISOString(),
    deleted_before: days?.[1]?.add(1, "day").startOf("day").toISOString(),
  };
  const bin = useInfiniteQuery({
    queryKey: [...BIN_KEY, params],
    queryFn: ({ pageParam, signal }) =>
      http.get<BinPage>("/api/recycle-bin", { ...params, limit: PAGE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const entries = bin.data?.pages.flatMap((p) => p.records) ?? [];
  const mayPurge = bin.data?.pages[0]?.may_purge ?? false;
  const titleOf = (entry: BinEntry) => entry.title ?? `#${entry.id.slice(-6)}`;
  const refresh = (entry: BinEntry) => {
    void queryClient.invalidateQueries({ queryKey: BIN_KEY });
    void queryClient.invalidateQueries({ queryKey: recordsKey(entry.object) });
  };
  const filtered = Boolean(object || deletedBy || days);

  const columns = [
    {
      key: "title",
      title: t("recycleBin.all.record"),
      render: (_: unknown, entry: BinEntry) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>{titleOf(entry)}</Typography.Text>
          {isPhone ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(entry.deleted_at, language)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      key: "object",
      title: t("recycleBin.all.object"),
      render: (_: unknown, entry: BinEntry) => {
        const meta = byName.get(entry.object);
        return <Tag>{meta ? label(meta.labels) : entry.object}</Tag>;
      },
    },
    {
      key: "deleted_at",
      title: t("recycleBin.deletedAt"),
      responsive: ["md" as const],
      render: (_: unknown, entry: BinEntry) => formatDateTime(entry.deleted_at, language),
    },
    {
      key: "deleted_by",
      title: t("recycleBin.deletedBy"),
      responsive: ["md" as const],
      render: (_: unknown, entry: BinEntry) =>
        entry.deleted_by ? <PersonName id={entry.deleted_by} /> : "—",
    },
    {
      key: "owner",
      title: t("recycleBin.all.owner"),
      responsive: ["lg" as const],
      render: (_: unknown, entry: BinEntry) => (entry.owner_id ? <PersonName id={entry.owner_id} /> : "—"),
    },
    {
      key: "actions",
      title: "",
      render: (_: unknown, entry: BinEntry) => (
        <RecycleBinActions
          object={entry.object}
          id={entry.id}
          title={titleOf(entry)}
          mayPurge={mayPurge}
          compact={isPhone}
          onDone={() => refresh(entry)}
        />
      ),
    },
  ];

  const filterWidth = isPhone ? "100%" : 220;
  return (
    <div data-testid="all-recycle-bin">
      <Typography.Title level={isPhone ? 4 : 3} style={{ marginTop: 0 }}>
        {t("recycleBin.heading")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("recycleBin.all.explain")}</Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          value={object}
          onChange={(value) => setObject(value ?? null)}
          options={objectOptions}
          placeholder={t("recycleBin.all.allObjects")}
          aria-label={t("recycleBin.all.object")}
          style={{ width: filterWidth }}
          data-testid="bin-object"
        />
        <div style={{ width: filterWidth }} data-testid="bin-deleted-by">
          <UserSelect value={deletedBy} onChange={setDeletedBy} placeholder={t("recycleBin.deletedBy")} />
        </div>
        <DatePicker.RangePicker
          value={days}
          onChange={(value) => setDays(value)}
          placeholder={[t("recycleBin.all.deletedFrom"), t("recycleBin.all.deletedTo")]}
          style={{ width: isPhone ? "100%" : 280 }}
          data-testid="bin-deleted-between"
        />
      </Flex>
      {bin.error ? (
        <ErrorResult error={bin.error} onRetry={() => bin.refetch()} />
      ) : bin.isLoading ? (
        <Skeleton active />
      ) : (
        <Table
          rowKey={(entry) => `${entry.object}/${entry.id}`}
          size="middle"
          columns={columns}
          dataSource={entries}
          pagination={false}
          scroll={{ x: true }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? t("recycleBin.all.noneMatch") : t("recycleBin.empty")}
              />
            ),
          }}
        />
      )}
      <LoadMore
        hasMore={Boolean(bin.hasNextPage)}
        loading={bin.isFetchingNextPage}
        onLoad={() => void bin.fetchNextPage()}
        count={entries.length}
      />
    </div>
  );
}
