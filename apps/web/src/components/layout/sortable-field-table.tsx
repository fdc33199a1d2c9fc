import { ArrowDownOutlined, ArrowUpOutlined, HolderOutlined } from "@ant-design/icons";
import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Button, Flex, Table, type TableColumnsType } from "antd";
import { type CSSProperties, createContext, type HTMLAttributes, type ReactNode, useContext } from "react";
import { useTranslation } from "react-i18next";
import type { FieldMeta } from "../../api/types.ts";

type HandleProps = Pick<ReturnType<typeof useSortable>, "setActivatorNodeRef" | "listeners" | "attributes">;
const HandleContext = createContext<HandleProps | null>(null);

function DragHandle() {
  const { t } = useTranslation();
  const handle = useContext(HandleContext);
  return (
    <Button
      type="text"
      size="small"
      icon={<HolderOutlined />}
      ref={handle?.setActivatorNodeRef}
      style={{ cursor: "grab", touchAction: "none" }}
      aria-label={t("layouts.fieldOrder.drag")}
      {...handle?.attributes}
      {...handle?.listeners}
    />
  );
}

/** A table row that is a sortable item; antd gives the row key as `data-row-key`. */
function SortableRow(props: HTMLAttributes<HTMLTableRowElement> & { "data-row-key": string }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: props["data-row-key"] });
  const style: CSSProperties = {
    ...props.style,
    transform: CSS.Translate.toString(transform),
    transition,
    ...(isDragging ? { position: "relative", zIndex: 9, background: "#f0f7ff" } : {}),
  };
  return (
    <HandleContext.Provider value={{ setActivatorNodeRef, listeners, attributes }}>
      <tr {...props} ref={setNodeRef} style={style} />
    </HandleContext.Provider>
  );
}

/** Up/down buttons: the same reordering for keyboards, phones and anyone not dragging. */
export function FieldOrderButtons({
  index,
  count,
  onMove,
  name,
}: {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  name: string;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={0}>
      <Button
        type="text"
        size="small"
        icon={<ArrowUpOutlined />}
        disabled={index === 0}
        onClick={() => onMove(index, index - 1)}
        aria-label={t("layouts.designer.moveUp")}
        data-testid={`field-up-${name}`}
      />
      <Button
        type="text"
        size="small"
        icon={<ArrowDownOutlined />}
        disabled={index === count - 1}
        onClick={() => onMove(index, index + 1)}
        aria-label={t("layouts.designer.moveDown")}
        data-testid={`field-down-${name}`}
      />
    </Flex>
  );
}

/** The designer's field table, reordered by dragging a row's handle (or with its arrow buttons). */
export function SortableFieldTable({
  fields,
  columns,
  onMove,
  testId,
}: {
  fields: FieldMeta[];
  columns: TableColumnsType<FieldMeta>;
  onMove: (from: number, to: number) => void;
  testId?: string;
}): ReactNode {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = fields.map((f) => f.api_name);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    onMove(ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <Table<FieldMeta>
          size="small"
          rowKey="api_name"
          pagination={false}
          dataSource={fields}
          data-testid={testId}
          components={{ body: { row: SortableRow } }}
          columns={[
            { key: "drag", width: 40, align: "center", render: () => <DragHandle /> },
            ...columns,
            {
              key: "order",
              width: 72,
              render: (_, field, index) => (
                <FieldOrderButtons
                  index={index}
                  count={fields.length}
                  onMove={onMove}
                  name={field.api_name}
                />
              ),
            },
          ]}
        />
      </SortableContext>
    </DndContext>
  );
}
