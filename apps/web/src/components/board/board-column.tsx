import { InfoCircleOutlined } from "@ant-design/icons";
import { useDroppable } from "@dnd-kit/core";
import type { StageDefinition } from "@keduo/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Empty, Flex, Skeleton, Tag, Tooltip, Typography } from "antd";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { type ColumnParams, columnOptions } from "../../api/board.queries.ts";
import type { RecordData } from "../../api/types.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { formatMoney } from "../../lib/format.ts";
import { BoardCard, type CardSetup, KIND_COLOR } from "./board-card.tsx";
import { columnRecords, type PendingMove, type StageTotals } from "./board-model.ts";
import type { Refusal } from "./use-board-moves.ts";

/** A column's head: stage, probability, how many records and how much money in each currency. */
function ColumnHeader({
  stage,
  name,
  count,
  totals,
}: {
  stage: StageDefinition;
  name: string;
  count: number;
  totals: StageTotals;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const guidance = label(stage.guidance);
  return (
    <div
      style={{
        borderTop: `3px solid ${KIND_COLOR[stage.kind]}`,
        padding: "8px 10px 6px",
        background: "#fff",
        borderRadius: "6px 6px 0 0",
      }}
    >
      <Flex align="center" gap={6}>
        <Typography.Text strong ellipsis style={{ minWidth: 0 }} data-testid="column-name">
          {name}
        </Typography.Text>
        <span
          style={{
            padding: "0 7px",
            borderRadius: 10,
            fontSize: 12,
            lineHeight: "18px",
            color: "rgba(0,0,0,0.65)",
            background: stage.kind === "won" ? "#f6ffed" : stage.kind === "lost" ? "#f0f0f0" : "#e6f4ff",
          }}
          data-testid={`column-count-${stage.value}`}
        >
          {count}
        </span>
        {guidance ? (
          <Tooltip title={guidance}>
            <InfoCircleOutlined style={{ color: "rgba(0,0,0,0.45)" }} aria-label={t("board.guidance")} />
          </Tooltip>
        ) : null}
        <span style={{ flex: 1 }} />
        {stage.kind !== "open" ? (
          <Tag color={stage.kind === "won" ? "success" : "default"} style={{ marginInlineEnd: 0 }}>
            {stage.kind === "won" ? t("board.won") : t("board.lost")}
          </Tag>
        ) : stage.probability !== null ? (
          <Tooltip title={t("board.probabilityHelp")}>
            <Tag style={{ marginInlineEnd: 0 }} data-testid={`column-probability-${stage.value}`}>
              {t("board.probability", { value: stage.probability })}
            </Tag>
          </Tooltip>
        ) : null}
      </Flex>
      <div
        style={{ minHeight: 22, fontVariantNumeric: "tabular-nums" }}
        data-testid={`column-total-${stage.value}`}
      >
        {totals.amounts.length ? (
          totals.amounts.map((money, index) => (
            <Typography.Text key={money.currency} type="secondary" style={{ fontSize: 13 }}>
              {index ? " · " : ""}
              {formatMoney(money.amount, money.currency, language, { compact: true })}
            </Typography.Text>
          ))
        ) : (
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t("common.empty")}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}

/** One stage: its head, its first page of cards (more on request), and the place to drop a card. */
export function BoardColumn({
  stage,
  name,
  count,
  totals,
  params,
  enabled,
  stageField,
  setup,
  moves,
  refusals,
  onMove,
  onDismiss,
  style,
}: {
  stage: StageDefinition;
  name: string;
  count: number;
  totals: StageTotals;
  params: ColumnParams;
  enabled: boolean;
  stageField: string;
  setup: CardSetup;
  moves: ReadonlyMap<string, PendingMove>;
  refusals: ReadonlyMap<string, Refusal>;
  onMove: (record: RecordData, from: string, to: string) => void;
  onDismiss: (recordId: string) => void;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const list = useInfiniteQuery({ ...columnOptions(setup.object.api_name, params), enabled });
  const { setNodeRef, isOver } = useDroppable({ id: stage.value });
  const loaded = list.data?.pages.flatMap((p) => p.records) ?? [];
  const records = columnRecords(stage.value, stageField, loaded, moves);
  const ended = stage.kind !== "open";
  return (
    <section
      ref={setNodeRef}
      aria-label={name}
      data-testid={`board-column-${stage.value}`}
      style={{
        display: "flex",
        flexDirection: "column",
        flex: "none",
        borderRadius: 8,
        background: isOver ? "#e6f4ff" : ended ? "#f7f7f7" : "#f0f2f5",
        outline: isOver ? "2px dashed #1677ff" : "none",
        transition: "background 120ms",
        ...style,
      }}
    >
      <ColumnHeader stage={stage} name={name} count={count} totals={totals} />
      <Flex vertical gap={8} style={{ padding: 8, overflowY: "auto", flex: 1, minHeight: 120 }}>
        {list.isPending ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : list.error ? (
          <Typography.Text type="danger">{t("errors.loadFailed")}</Typography.Text>
        ) : records.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("board.empty")} style={{ margin: 8 }} />
        ) : (
          records.map((record) => (
            <BoardCard
              key={record.id}
              setup={setup}
              record={record}
              stage={stage.value}
              pending={moves.has(record.id)}
              refusal={refusals.get(record.id)}
              onMove={(to) => onMove(record, stage.value, to)}
              onDismiss={() => onDismiss(record.id)}
            />
          ))
        )}
        {list.hasNextPage ? (
          <Button
            type="dashed"
            block
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
            data-testid={`column-more-${stage.value}`}
          >
            {t("board.loadMore", { shown: loaded.length, count })}
          </Button>
        ) : null}
      </Flex>
    </section>
  );
}
