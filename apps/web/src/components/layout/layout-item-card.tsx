import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CloseOutlined,
  HolderOutlined,
  SwapOutlined,
  TableOutlined,
} from "@ant-design/icons";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Button, Dropdown, Flex, Tag, Typography } from "antd";
import type { CSSProperties, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useIsPhone } from "../../lib/use-is-phone.ts";

export interface ItemMove {
  up?: () => void;
  down?: () => void;
  /** Other sections this item can go to, by name. */
  targets: Array<{ key: string; label: string; onSelect: () => void }>;
  remove?: () => void;
}

/** The look of a placed field or sub-form; also what the drag overlay shows under the pointer. */
export function ItemCardBody({
  title,
  subtitle,
  subform,
  handle,
  actions,
}: {
  title: string;
  subtitle: string;
  subform: boolean;
  handle?: ReactNode;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  return (
    <Flex align="center" gap={6} style={{ minWidth: 0 }}>
      {handle ?? <HolderOutlined style={{ color: "#8c8c8c", padding: "0 4px" }} />}
      {subform ? <TableOutlined style={{ color: "#1677ff" }} /> : null}
      <div style={{ flex: 1, minWidth: 0 }}>
        <Typography.Text ellipsis style={{ display: "block" }}>
          {title}
        </Typography.Text>
        <Typography.Text type="secondary" ellipsis style={{ display: "block", fontSize: 12 }}>
          {subtitle}
        </Typography.Text>
      </div>
      {subform && !isPhone ? (
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {t("layouts.designer.subform")}
        </Tag>
      ) : null}
      {actions}
    </Flex>
  );
}

export const itemCardStyle: CSSProperties = {
  border: "1px solid #d9d9d9",
  borderRadius: 6,
  background: "#fff",
  padding: "6px 8px",
};

/** A draggable item of a section: a drag handle, and buttons that do the same without dragging. */
export function LayoutItemCard({
  id,
  title,
  subtitle,
  subform,
  move,
  fullWidth,
}: {
  id: string;
  title: string;
  subtitle: string;
  subform: boolean;
  move: ItemMove;
  fullWidth: boolean;
}) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id });
  const style: CSSProperties = {
    ...itemCardStyle,
    ...(subform ? { background: "#f0f7ff", borderColor: "#91caff" } : {}),
    transform: CSS.Translate.toString(transform),
    transition,
    opacity: isDragging ? 0.35 : 1,
    gridColumn: fullWidth ? "1 / -1" : undefined,
  };
  const handle = (
    <Button
      type="text"
      size="small"
      ref={setActivatorNodeRef}
      icon={<HolderOutlined />}
      style={{ cursor: "grab", touchAction: "none" }}
      aria-label={t("layouts.fieldOrder.drag")}
      data-testid={`drag-${id}`}
      {...attributes}
      {...listeners}
    />
  );
  const actions = (
    <Flex gap={0} style={{ flexShrink: 0 }}>
      <Button
        type="text"
        size="small"
        icon={<ArrowUpOutlined />}
        disabled={!move.up}
        onClick={move.up}
        aria-label={t("layouts.designer.moveUp")}
        data-testid={`up-${id}`}
      />
      <Button
        type="text"
        size="small"
        icon={<ArrowDownOutlined />}
        disabled={!move.down}
        onClick={move.down}
        aria-label={t("layouts.designer.moveDown")}
        data-testid={`down-${id}`}
      />
      {move.targets.length ? (
        <Dropdown
          trigger={["click"]}
          menu={{
            items: move.targets.map((target) => ({ key: target.key, label: target.label })),
            onClick: ({ key }) => move.targets.find((target) => target.key === key)?.onSelect(),
          }}
        >
          <Button
            type="text"
            size="small"
            icon={<SwapOutlined />}
            aria-label={t("layouts.designer.moveTo")}
            data-testid={`move-${id}`}
          />
        </Dropdown>
      ) : null}
      {move.remove ? (
        <Button
          type="text"
          size="small"
          danger
          icon={<CloseOutlined />}
          onClick={move.remove}
          aria-label={t("layouts.designer.removeSubform")}
        />
      ) : null}
    </Flex>
  );
  return (
    <div ref={setNodeRef} style={style} data-testid={`layout-item-${id}`}>
      <ItemCardBody title={title} subtitle={subtitle} subform={subform} handle={handle} actions={actions} />
    </div>
  );
}
