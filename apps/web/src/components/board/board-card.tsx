import { CheckCircleFilled, CloseCircleFilled, SwapOutlined } from "@ant-design/icons";
import { useDraggable } from "@dnd-kit/core";
import type { StageDefinition } from "@keduo/core";
import { Alert, Button, Card, Dropdown, Flex, type MenuProps, Typography } from "antd";
import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CurrencyValue, FieldMeta, ObjectMeta, RecordData } from "../../api/types.ts";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { formatMoney } from "../../lib/format.ts";
import { recordTitle } from "../../lib/metadata.ts";
import { FieldValue, type ValueContext } from "../field-value.tsx";
import { PersonName } from "../person-name.tsx";
import type { Refusal } from "./use-board-moves.ts";

/** What every card of a board shows besides its record. */
export interface CardSetup {
  object: ObjectMeta;
  amountField: FieldMeta | undefined;
  fields: FieldMeta[];
  context: ValueContext;
  stages: StageDefinition[];
  stageLabel: (stage: string) => string;
}

const stopDrag = {
  onPointerDown: (e: { stopPropagation: () => void }) => e.stopPropagation(),
  onMouseDown: (e: { stopPropagation: () => void }) => e.stopPropagation(),
  onTouchStart: (e: { stopPropagation: () => void }) => e.stopPropagation(),
  onKeyDown: (e: { stopPropagation: () => void }) => e.stopPropagation(),
};

export const KIND_COLOR = { open: "#1677ff", won: "#52c41a", lost: "#8c8c8c" } as const;

function StageIcon({ kind }: { kind: StageDefinition["kind"] }) {
  if (kind === "won") return <CheckCircleFilled style={{ color: KIND_COLOR.won }} />;
  if (kind === "lost") return <CloseCircleFilled style={{ color: KIND_COLOR.lost }} />;
  return (
    <span
      style={{ display: "inline-block", width: 8, height: 8, borderRadius: 4, background: KIND_COLOR.open }}
    />
  );
}

/** "Move to stage" without dragging: the phone's way, and the keyboard's. */
function MoveMenu({
  setup,
  stage,
  onMove,
}: {
  setup: CardSetup;
  stage: string;
  onMove: (to: string) => void;
}) {
  const { t } = useTranslation();
  const items: MenuProps["items"] = setup.stages.map((s) => ({
    key: s.value,
    disabled: s.value === stage,
    icon: <StageIcon kind={s.kind} />,
    label: <span data-testid={`move-to-${s.value}`}>{setup.stageLabel(s.value)}</span>,
  }));
  return (
    <span {...stopDrag}>
      <Dropdown
        trigger={["click"]}
        menu={{ items, onClick: ({ key }) => onMove(key), selectedKeys: [stage] }}
        placement="bottomRight"
      >
        <Button
          type="text"
          size="small"
          icon={<SwapOutlined />}
          aria-label={t("board.moveTo")}
          title={t("board.moveTo")}
          data-testid="card-move"
        />
      </Dropdown>
    </span>
  );
}

/** A card's face: title, amount, the chosen fields, the owner; the last refused move's gates under it. */
export function CardBody({
  setup,
  record,
  stage,
  refusal,
  onMove,
  onDismiss,
  handle,
}: {
  setup: CardSetup;
  record: RecordData;
  stage: string;
  refusal?: Refusal | undefined;
  onMove?: (to: string) => void;
  onDismiss?: () => void;
  handle?: ReactNode;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const { object, amountField, fields, context } = setup;
  const amount = amountField ? (record[amountField.api_name] as CurrencyValue | null | undefined) : null;
  const owner = typeof record.owner_id === "string" ? record.owner_id : null;
  return (
    <>
      <Flex align="flex-start" gap={4}>
        {handle}
        <Typography.Text strong style={{ flex: 1, minWidth: 0 }} ellipsis>
          <Link to={`/o/${object.api_name}/${record.id}`} {...stopDrag} data-testid="card-title">
            {recordTitle(object, record)}
          </Link>
        </Typography.Text>
        {onMove ? <MoveMenu setup={setup} stage={stage} onMove={onMove} /> : null}
      </Flex>
      {amount?.amount ? (
        <Typography.Text
          style={{ fontSize: 15, fontVariantNumeric: "tabular-nums" }}
          data-testid="card-amount"
        >
          {formatMoney(amount.amount, amount.currency, language, { compact: true })}
        </Typography.Text>
      ) : null}
      {fields.length ? (
        <div
          style={{
            marginTop: 4,
            display: "grid",
            gridTemplateColumns: "auto 1fr",
            gap: "2px 10px",
            fontSize: 12,
          }}
        >
          {fields.map((field) => (
            <div key={field.api_name} style={{ display: "contents" }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {label(field.labels)}
              </Typography.Text>
              <span
                style={{ minWidth: 0, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
              >
                <FieldValue field={field} value={record[field.api_name]} context={context} compact />
              </span>
            </div>
          ))}
        </div>
      ) : null}
      {owner ? (
        <div style={{ marginTop: 6, fontSize: 12 }}>
          <PersonName id={owner} />
        </div>
      ) : null}
      {refusal ? (
        <Alert
          type="error"
          closable={{ onClose: onDismiss, "aria-label": t("common.close") }}
          style={{ marginTop: 8, padding: "6px 8px", fontSize: 12 }}
          data-testid="card-refusal"
          title={
            <>
              <div style={{ fontWeight: 600 }}>
                {t("board.refusedOn", { stage: setup.stageLabel(refusal.stage) })}
              </div>
              <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                {(refusal.messages.length ? refusal.messages : [refusal.detail]).map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </>
          }
        />
      ) : null}
    </>
  );
}

/** A card that can be dragged to another column (mouse, touch after a short press, or keyboard). */
export function BoardCard({
  setup,
  record,
  stage,
  pending,
  refusal,
  onMove,
  onDismiss,
}: {
  setup: CardSetup;
  record: RecordData;
  stage: string;
  pending: boolean;
  refusal: Refusal | undefined;
  onMove: (to: string) => void;
  onDismiss: () => void;
}) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: record.id,
    data: { record, from: stage },
    disabled: pending,
  });
  const style: CSSProperties = {
    opacity: isDragging ? 0.35 : pending ? 0.6 : 1,
    cursor: pending ? "progress" : "grab",
    touchAction: "manipulation",
    borderColor: refusal ? "#ffccc7" : undefined,
  };
  return (
    <div ref={setNodeRef} {...attributes} {...listeners} data-testid="board-card" data-record-id={record.id}>
      <Card size="small" style={style} styles={{ body: { padding: 10 } }}>
        <CardBody
          setup={setup}
          record={record}
          stage={stage}
          refusal={refusal}
          onMove={onMove}
          onDismiss={onDismiss}
        />
      </Card>
    </div>
  );
}
