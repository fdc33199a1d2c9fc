import { ReloadOutlined } from "@ant-design/icons";
import type { AutomationRun } from "@keduo/core";
import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import { Button, Empty, Flex, Skeleton, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useAutomationRuns } from "../../api/automations.queries.ts";
import { ErrorResult } from "../error-result.tsx";
import { LoadMore } from "../load-more.tsx";
import { RunCard } from "./run-card.tsx";

type RunPages = UseInfiniteQueryResult<InfiniteData<AutomationRun[]>>;

/**
 * A run log, newest first, with more pages as the reader scrolls and a refresh (runs finish in the background).
 * `nameOf` names each run's automation where the list mixes automations (a record's page).
 */
export function RunList({
  runs,
  nameOf,
  canRetry,
  empty,
}: {
  runs: RunPages;
  nameOf?: (run: AutomationRun) => string;
  canRetry: boolean;
  empty: { title: string; hint?: string };
}) {
  const { t } = useTranslation();
  if (runs.isLoading) return <Skeleton active />;
  if (runs.error) return <ErrorResult error={runs.error} onRetry={() => runs.refetch()} />;
  const all = runs.data?.pages.flat() ?? [];
  return (
    <Flex vertical gap={8} data-testid="run-log">
      <Flex justify="flex-end">
        <Button
          size="small"
          icon={<ReloadOutlined />}
          loading={runs.isRefetching}
          onClick={() => runs.refetch()}
          data-testid="run-log-refresh"
        >
          {t("automations.runs.refresh")}
        </Button>
      </Flex>
      {all.length === 0 ? (
        <Empty description={empty.title}>
          {empty.hint ? <Typography.Text type="secondary">{empty.hint}</Typography.Text> : null}
        </Empty>
      ) : (
        all.map((run) => (
          <RunCard key={run.id} run={run} automationName={nameOf?.(run)} canRetry={canRetry} />
        ))
      )}
      {all.length ? (
        <LoadMore
          hasMore={Boolean(runs.hasNextPage)}
          loading={runs.isFetchingNextPage}
          onLoad={() => void runs.fetchNextPage()}
          count={all.length}
        />
      ) : null}
    </Flex>
  );
}

/** The run log of one automation (its editor's second tab). */
export function AutomationRunLog({ automationId }: { automationId: string }) {
  const { t } = useTranslation();
  const runs = useAutomationRuns(automationId);
  return (
    <RunList
      runs={runs}
      canRetry
      empty={{ title: t("automations.runs.empty"), hint: t("automations.runs.emptyHint") }}
    />
  );
}
