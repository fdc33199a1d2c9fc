import { ArrowRightOutlined } from "@ant-design/icons";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Empty, Flex, Skeleton, Timeline, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { http } from "../api/http-client.ts";
import { recordKey } from "../api/records.queries.ts";
import type { FieldMeta, ObjectMeta } from "../api/types.ts";
import { ErrorResult } from "../components/error-result.tsx";
import { FieldValue, type ValueContext } from "../components/field-value.tsx";
import { PersonName } from "../components/person-name.tsx";
import { useLabel, useLanguage } from "../i18n/index.ts";
import { formatDateTime } from "../lib/format.ts";

/** One entry of GET /api/records/{object}/{id}/history (fields hidden from the reader are left out). */
interface HistoryEntry {
  id: string;
  at: string;
  action: string;
  actor_id: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
}

interface HistoryPage {
  entries: HistoryEntry[];
  next_cursor: string | null;
}

const PAGE = 20;
const ACTIONS = ["create", "update", "delete", "restore", "transfer"] as const;
type Action = (typeof ACTIONS)[number];

/** Under the record's key, so anything that refreshes or drops the record refreshes its history too. */
export const historyKey = (object: string, id: string) => [...recordKey(object, id), "history"] as const;

/** The owner is a system column, not a field: shown like a user field. */
function ownerField(labels: FieldMeta["labels"]): FieldMeta {
  return {
    id: "owner_id",
    api_name: "owner_id",
    type: "user",
    labels,
    help_text: null,
    required: false,
    unique: false,
    indexed: false,
    read_only: true,
    default: null,
    config: {},
    position: -1,
    hidden: false,
  };
}

/** Who changed which field from what to what, and when, newest first, in the UI language. */
export function RecordHistory({
  object,
  id,
  context,
}: {
  object: ObjectMeta;
  id: string;
  context: ValueContext;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const history = useInfiniteQuery({
    queryKey: historyKey(object.api_name, id),
    queryFn: ({ pageParam, signal }) =>
      http.get<HistoryPage>(
        `/api/records/${object.api_name}/${id}/history`,
        { limit: PAGE, cursor: pageParam },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  if (history.isLoading) return <Skeleton active />;
  if (history.error) return <ErrorResult error={history.error} onRetry={() => history.refetch()} />;
  const entries = history.data?.pages.flatMap((p) => p.entries) ?? [];
  if (entries.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("layouts.history.empty")} />;

  const fieldsByName = new Map(object.fields.map((f) => [f.api_name, f]));
  const ownerLabel = t("layouts.history.owner");
  const owner = ownerField({ "zh-CN": ownerLabel, en: ownerLabel });
  const valueContext = context;
  const who = (actorId: string | null) =>
    actorId ? (
      <PersonName id={actorId} />
    ) : (
      <Typography.Text strong>{t("layouts.history.system")}</Typography.Text>
    );
  const actionText = (action: string) => {
    const name = action.replace(/^record\./, "");
    return (ACTIONS as readonly string[]).includes(name)
      ? t(`layouts.history.actions.${name as Action}`)
      : t("layouts.history.actions.other", { action });
  };

  return (
    <Flex vertical gap={8} data-testid="record-history">
      <Timeline
        items={entries.map((entry) => {
          const created = entry.action === "record.create";
          return {
            key: entry.id,
            content: (
              <div data-testid="history-entry">
                {who(entry.actor_id)} <Typography.Text>{actionText(entry.action)}</Typography.Text>
                <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                  {formatDateTime(entry.at, language)}
                </Typography.Text>
                {Object.entries(entry.changes).map(([name, change]) => {
                  const field = name === "owner_id" ? owner : fieldsByName.get(name);
                  return (
                    <Flex
                      key={name}
                      wrap
                      align="center"
                      gap={6}
                      style={{ marginTop: 4, fontSize: 13 }}
                      data-testid={`history-change-${name}`}
                    >
                      <Typography.Text type="secondary">
                        {t("layouts.history.fieldLabel", {
                          field: field ? label(field.labels) : t("layouts.history.hiddenField", { name }),
                        })}
                      </Typography.Text>
                      {field ? (
                        <>
                          {/* A new record had nothing before: its values are shown without “— →”. */}
                          {created ? null : (
                            <>
                              <span className="history-from">
                                <FieldValue
                                  field={field}
                                  value={change.from}
                                  context={valueContext}
                                  compact
                                />
                              </span>
                              <ArrowRightOutlined style={{ color: "#8c8c8c", fontSize: 11 }} />
                            </>
                          )}
                          <span className="history-to">
                            <FieldValue field={field} value={change.to} context={valueContext} compact />
                          </span>
                        </>
                      ) : null}
                    </Flex>
                  );
                })}
              </div>
            ),
          };
        })}
      />
      {history.hasNextPage ? (
        <Button onClick={() => history.fetchNextPage()} loading={history.isFetchingNextPage}>
          {t("layouts.history.loadMore")}
        </Button>
      ) : null}
    </Flex>
  );
}
