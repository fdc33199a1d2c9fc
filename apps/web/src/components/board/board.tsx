import { InfoCircleOutlined } from "@ant-design/icons";
import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import type { Pipeline } from "@keduo/core";
import { Card, Segmented, Typography } from "antd";
import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { aggregateKey, useAggregate } from "../../api/aggregate.queries.ts";
import { type ColumnParams, columnKey } from "../../api/board.queries.ts";
import type { FieldMeta, RecordData } from "../../api/types.ts";
import { useLabel } from "../../i18n/index.ts";
import { recordTitle } from "../../lib/metadata.ts";
import { CardBody, type CardSetup } from "./board-card.tsx";
import { BoardColumn } from "./board-column.tsx";
import {
  allOf,
  boardAggregate,
  offBoardCount,
  shownCount,
  stageFilter,
  totalsByStage,
  totalsOf,
} from "./board-model.ts";
import { useBoardMoves } from "./use-board-moves.ts";

type Dragged = { record: RecordData; from: string };

// The pointer's column first; for the keyboard (no pointer) the column the card overlaps most.
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length ? within : rectIntersection(args);
};

/**
 * The columns of one pipeline with drag and drop between them. Totals come from one aggregate call for the
 * whole board, cards from one list request per column (its first page; more on request).
 */
export function Board({
  pipeline,
  stageField,
  setup,
  filter,
  sort,
  expand,
  enabled,
  isPhone,
}: {
  pipeline: Pipeline;
  stageField: FieldMeta;
  setup: CardSetup;
  filter: Record<string, unknown> | undefined;
  sort: string | null;
  expand: string[];
  enabled: boolean;
  isPhone: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const object = setup.object.api_name;
  const stageName = stageField.api_name;
  const amountName = setup.amountField?.api_name;

  const totalsQuery = useMemo(
    () => boardAggregate(filter, stageName, amountName),
    [filter, stageName, amountName],
  );
  const aggregate = useAggregate(object, totalsQuery, { enabled });
  const totals = useMemo(
    () => totalsByStage(aggregate.data?.groups ?? [], stageName, setup.amountField?.config.default_currency),
    [aggregate.data, stageName, setup.amountField],
  );
  const paramsOf = (stage: string): ColumnParams => ({
    filter: allOf(filter, stageFilter(stageName, stage)),
    sort,
    expand,
  });
  const fieldLabel = (apiName: string) => {
    const field = setup.object.fields.find((f) => f.api_name === apiName);
    return field ? label(field.labels) : undefined;
  };
  const moves = useBoardMoves({
    object,
    stageField: stageName,
    columnKey: (stage) => columnKey(object, paramsOf(stage)),
    totalsKey: aggregateKey(object, totalsQuery),
    stageLabel: setup.stageLabel,
    fieldLabel,
    titleOf: (record) => recordTitle(setup.object, record),
  });

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // A short press picks a card up on a touch screen; a swipe still scrolls the columns.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );
  const [dragged, setDragged] = useState<Dragged | null>(null);
  // What a screen reader says while a card is dragged with the keyboard, in the user's language.
  const titleOf = (active: { data: { current?: unknown } }) =>
    recordTitle(setup.object, (active.data.current as Dragged | undefined)?.record);
  const stageOf = (over: { id: string | number } | null) => (over ? setup.stageLabel(String(over.id)) : "");
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("board.a11y.picked", { title: titleOf(active) }),
    onDragOver: ({ active, over }) =>
      over ? t("board.a11y.over", { title: titleOf(active), stage: stageOf(over) }) : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? t("board.a11y.dropped", { title: titleOf(active), stage: stageOf(over) })
        : t("board.a11y.cancelled", { title: titleOf(active) }),
    onDragCancel: ({ active }) => t("board.a11y.cancelled", { title: titleOf(active) }),
  };
  const onDragStart = (event: DragStartEvent) => setDragged((event.active.data.current as Dragged) ?? null);
  const onDragEnd = (event: DragEndEvent) => {
    setDragged(null);
    const from = event.active.data.current as Dragged | undefined;
    if (from && event.over) void moves.move(from.record, from.from, String(event.over.id));
  };

  // Phone: one column fills the screen; the stage picker and swiping move between them.
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(pipeline.stages[0]?.value ?? "");
  const columnOf = (stage: string) =>
    scroller.current?.querySelector<HTMLElement>(`[data-testid="board-column-${stage}"]`) ?? null;
  const showStage = (stage: string) => {
    setActive(stage);
    const column = columnOf(stage);
    if (column && scroller.current)
      scroller.current.scrollTo({ left: column.offsetLeft, behavior: "smooth" });
  };
  // Desktop: the columns reach down to the window's bottom and scroll on their own.
  const [height, setHeight] = useState<number>();
  useLayoutEffect(() => {
    if (isPhone) return;
    const measure = () => {
      const top = scroller.current?.getBoundingClientRect().top;
      if (top !== undefined)
        setHeight(Math.max(420, Math.floor(window.innerHeight - top - window.scrollY - 16)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    window.addEventListener("resize", measure);
    return () => {
      observer.disconnect();
      window.removeEventListener("resize", measure);
    };
  }, [isPhone]);
  const onScroll = () => {
    const left = scroller.current?.scrollLeft ?? 0;
    let best = active;
    let distance = Number.POSITIVE_INFINITY;
    for (const stage of pipeline.stages) {
      const d = Math.abs((columnOf(stage.value)?.offsetLeft ?? 0) - left);
      if (d < distance) [best, distance] = [stage.value, d];
    }
    if (best !== active) setActive(best);
  };

  const totalsAt = aggregate.dataUpdatedAt;
  const countOf = (stage: string) => shownCount(stage, totalsOf(totals, stage).count, moves.moves, totalsAt);
  const offBoard = aggregate.data ? offBoardCount(totals, pipeline) : 0;
  const firstEnd = pipeline.stages.findIndex((s) => s.kind !== "open");

  return (
    <div>
      {offBoard > 0 ? (
        <Typography.Paragraph
          type="secondary"
          style={{ marginBottom: 8, fontSize: 13 }}
          data-testid="board-off"
        >
          <InfoCircleOutlined /> {t("board.offBoard", { count: offBoard })}
        </Typography.Paragraph>
      ) : null}
      {isPhone ? (
        <div style={{ overflowX: "auto", marginBottom: 8 }}>
          <Segmented
            value={active}
            onChange={(value) => showStage(String(value))}
            options={pipeline.stages.map((s) => ({
              value: s.value,
              label: `${setup.stageLabel(s.value)} ${countOf(s.value)}`,
            }))}
            data-testid="stage-picker"
          />
        </div>
      ) : null}
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: t("board.a11y.instructions") },
        }}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragged(null)}
      >
        <div
          ref={scroller}
          onScroll={isPhone ? onScroll : undefined}
          data-testid="board"
          style={{
            position: "relative",
            display: "flex",
            alignItems: isPhone ? "flex-start" : "stretch",
            gap: isPhone ? 8 : 12,
            overflowX: "auto",
            paddingBottom: 8,
            scrollSnapType: isPhone ? "x mandatory" : undefined,
            height: isPhone ? undefined : height,
          }}
        >
          {pipeline.stages.map((stage, index) => (
            <BoardColumn
              key={stage.value}
              stage={stage}
              name={setup.stageLabel(stage.value)}
              count={countOf(stage.value)}
              totals={totalsOf(totals, stage.value)}
              params={paramsOf(stage.value)}
              enabled={enabled}
              stageField={stageName}
              setup={setup}
              moves={moves.moves}
              refusals={moves.refusals}
              onMove={(record, from, to) => void moves.move(record, from, to)}
              onDismiss={moves.dismiss}
              style={{
                width: isPhone ? "calc(100vw - 40px)" : 272,
                scrollSnapAlign: isPhone ? "start" : undefined,
                marginInlineStart: index === firstEnd && index > 0 && !isPhone ? 12 : 0,
              }}
            />
          ))}
        </div>
        <DragOverlay>
          {dragged ? (
            <Card
              size="small"
              style={{ width: 256, boxShadow: "0 8px 24px rgba(0,0,0,0.18)", cursor: "grabbing" }}
              styles={{ body: { padding: 10 } }}
            >
              <CardBody setup={setup} record={dragged.record} stage={dragged.from} />
            </Card>
          ) : null}
        </DragOverlay>
      </DndContext>
    </div>
  );
}
