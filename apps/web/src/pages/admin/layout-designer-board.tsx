import {
  type CollisionDetection,
  closestCenter,
  closestCorners,
  DndContext,
  type DragEndEvent,
  type DragOverEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { Flex } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { LayoutItem, LayoutSection } from "../../api/layouts.queries.ts";
import type { ObjectMeta } from "../../api/types.ts";
import {
  findSectionIndex,
  itemId,
  moveItem,
  moveSection,
  removeSection,
  sectionDropId,
  stepItem,
  subformCandidates,
} from "../../components/layout/layout-draft.ts";
import { ItemCardBody, itemCardStyle, LayoutItemCard } from "../../components/layout/layout-item-card.tsx";
import { LayoutSectionCard } from "../../components/layout/layout-section-card.tsx";
import { useLabel, useLanguage } from "../../i18n/index.ts";
import { fieldTypeLabel } from "../../lib/field-types.ts";

/**
 * Prefer the item under the pointer; over a section's empty space, the closest item of that section (or the
 * section itself when it is empty), so a drop lands where the pointer is rather than at a far corner.
 */
function collisionsFor(sections: LayoutSection[]): CollisionDetection {
  return (args) => {
    const within = pointerWithin(args);
    const items = within.filter((c) => !String(c.id).startsWith("section:"));
    if (items.length) return items;
    const section = sections.find((s) => within.some((c) => c.id === sectionDropId(s)));
    if (section) {
      if (section.items.length === 0) return within;
      const ids = new Set(section.items.map(itemId));
      return closestCenter({
        ...args,
        droppableContainers: args.droppableContainers.filter((c) => ids.has(String(c.id))),
      });
    }
    return closestCorners(args);
  };
}

/** The sections being designed, with drag and drop between and within them. */
export function LayoutDesignerBoard({
  object,
  objects,
  sections,
  onChange,
  isPhone,
}: {
  object: ObjectMeta;
  objects: ObjectMeta[];
  sections: LayoutSection[];
  onChange: (sections: LayoutSection[]) => void;
  isPhone: boolean;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const language = useLanguage();
  const [active, setActive] = useState<string | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const fieldsByName = new Map(object.fields.map((f) => [f.api_name, f]));
  const candidates = subformCandidates(object, objects);
  const placed = new Set(sections.flatMap((s) => s.items.map(itemId)));

  const describe = (item: LayoutItem) => {
    if (item.kind === "field") {
      const field = fieldsByName.get(item.field);
      return {
        title: field ? label(field.labels) || field.api_name : item.field,
        subtitle: field ? fieldTypeLabel(field.type, language) : "",
      };
    }
    const child = objects.find((o) => o.api_name === item.object);
    const relation = child?.fields.find((f) => f.api_name === item.field);
    return {
      title: child ? label(child.plural_labels) || child.api_name : item.object,
      subtitle: t("layouts.designer.subformOption", {
        object: child ? label(child.labels) : item.object,
        field: relation ? label(relation.labels) : item.field,
      }),
    };
  };

  const onDragStart = ({ active: dragged }: DragStartEvent) => setActive(String(dragged.id));
  // Crossing into another section moves the item there at once, so that section's items make room for it.
  const onDragOver = ({ active: dragged, over }: DragOverEvent) => {
    if (!over) return;
    const id = String(dragged.id);
    const from = findSectionIndex(sections, id);
    const to = findSectionIndex(sections, String(over.id));
    if (from < 0 || to < 0 || from === to) return;
    const overIndex = sections[to]!.items.findIndex((i) => itemId(i) === over.id);
    onChange(moveItem(sections, id, to, overIndex >= 0 ? overIndex : sections[to]!.items.length));
  };
  const onDragEnd = ({ active: dragged, over }: DragEndEvent) => {
    setActive(null);
    if (!over) return;
    const id = String(dragged.id);
    const to = findSectionIndex(sections, String(over.id));
    if (to < 0 || to !== findSectionIndex(sections, id)) return;
    const items = sections[to]!.items;
    const overIndex = items.findIndex((i) => itemId(i) === over.id);
    const target = overIndex >= 0 ? overIndex : items.length - 1;
    if (items.findIndex((i) => itemId(i) === id) !== target) onChange(moveItem(sections, id, to, target));
  };

  const update = (index: number, patch: Partial<LayoutSection>) =>
    onChange(sections.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const activeItem = active
    ? sections.flatMap((s) => s.items).find((item) => itemId(item) === active)
    : undefined;

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisionsFor(sections)}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
    >
      <Flex vertical gap={16}>
        {sections.map((section, index) => (
          <LayoutSectionCard
            key={section.id}
            section={section}
            index={index}
            isPhone={isPhone}
            actions={{
              rename: (locale, value) => update(index, { label: { ...section.label, [locale]: value } }),
              setColumns: (columns) => update(index, { columns }),
              up: index > 0 ? () => onChange(moveSection(sections, index, -1)) : undefined,
              down: index < sections.length - 1 ? () => onChange(moveSection(sections, index, 1)) : undefined,
              remove: sections.length > 1 ? () => onChange(removeSection(sections, index)) : undefined,
              subforms: candidates
                .filter((c) => !placed.has(`subform:${c.object.api_name}.${c.field.api_name}`))
                .map((c) => ({
                  key: `${c.object.api_name}.${c.field.api_name}`,
                  label: t("layouts.designer.subformOption", {
                    object: label(c.object.labels),
                    field: label(c.field.labels),
                  }),
                  onSelect: () =>
                    update(index, {
                      items: [
                        ...section.items,
                        { kind: "subform", object: c.object.api_name, field: c.field.api_name },
                      ],
                    }),
                })),
            }}
          >
            {section.items.map((item, itemIndex) => {
              const id = itemId(item);
              const first = index === 0 && itemIndex === 0;
              const last = index === sections.length - 1 && itemIndex === section.items.length - 1;
              return (
                <LayoutItemCard
                  key={id}
                  id={id}
                  {...describe(item)}
                  subform={item.kind === "subform"}
                  fullWidth={item.kind === "subform"}
                  move={{
                    up: first ? undefined : () => onChange(stepItem(sections, id, -1)),
                    down: last ? undefined : () => onChange(stepItem(sections, id, 1)),
                    targets: sections
                      .map((target, targetIndex) => ({ target, targetIndex }))
                      .filter(({ targetIndex }) => targetIndex !== index)
                      .map(({ target, targetIndex }) => ({
                        key: target.id,
                        label: label(target.label) || `#${targetIndex + 1}`,
                        onSelect: () => onChange(moveItem(sections, id, targetIndex, target.items.length)),
                      })),
                    remove:
                      item.kind === "subform"
                        ? () => update(index, { items: section.items.filter((i) => itemId(i) !== id) })
                        : undefined,
                  }}
                />
              );
            })}
          </LayoutSectionCard>
        ))}
      </Flex>
      <DragOverlay>
        {activeItem ? (
          <div style={{ ...itemCardStyle, boxShadow: "0 6px 16px rgba(0,0,0,0.12)", cursor: "grabbing" }}>
            <ItemCardBody {...describe(activeItem)} subform={activeItem.kind === "subform"} />
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}
