import type { LayoutItem, LayoutSection } from "../../api/layouts.queries.ts";
import type { FieldMeta, ObjectMeta } from "../../api/types.ts";

/** Pure edits of a layout being designed; the designer keeps the sections in state and applies these. */

/** A stable id per item for drag and drop: a field appears once, a sub-form once per relation. */
export const itemId = (item: LayoutItem) =>
  item.kind === "field" ? `field:${item.field}` : `subform:${item.object}.${item.field}`;

export const sectionDropId = (section: LayoutSection) => `section:${section.id}`;

export function newSectionId(): string {
  return `s${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** The section holding an item (by item id) or being the drop target itself (by section drop id). */
export function findSectionIndex(sections: LayoutSection[], id: string): number {
  return sections.findIndex((s) => sectionDropId(s) === id || s.items.some((i) => itemId(i) === id));
}

/** Moves the item `id` to `toSection` at `toIndex` (clamped), from wherever it is. */
export function moveItem(
  sections: LayoutSection[],
  id: string,
  toSection: number,
  toIndex: number,
): LayoutSection[] {
  const from = findSectionIndex(sections, id);
  if (from < 0 || toSection < 0 || toSection >= sections.length) return sections;
  const item = sections[from]!.items.find((i) => itemId(i) === id)!;
  const next = sections.map((s) => ({ ...s, items: s.items.filter((i) => itemId(i) !== id) }));
  const target = next[toSection]!;
  const index = Math.max(0, Math.min(toIndex, target.items.length));
  target.items = [...target.items.slice(0, index), item, ...target.items.slice(index)];
  return next;
}

/**
 * One step up or down for keyboards, phones and anyone not dragging: within the section, and across its
 * edge into the end of the previous or the start of the next section.
 */
export function stepItem(sections: LayoutSection[], id: string, direction: -1 | 1): LayoutSection[] {
  const sectionIndex = findSectionIndex(sections, id);
  if (sectionIndex < 0) return sections;
  const items = sections[sectionIndex]!.items;
  const index = items.findIndex((i) => itemId(i) === id);
  const target = index + direction;
  if (target >= 0 && target < items.length) return moveItem(sections, id, sectionIndex, target);
  const neighbour = sectionIndex + direction;
  if (neighbour < 0 || neighbour >= sections.length) return sections;
  return moveItem(sections, id, neighbour, direction < 0 ? sections[neighbour]!.items.length : 0);
}

/** Deletes a section; its items join the neighbour (the previous one, or the next for the first). */
export function removeSection(sections: LayoutSection[], index: number): LayoutSection[] {
  if (sections.length <= 1) return sections;
  const removed = sections[index]!;
  const rest = sections.filter((_, i) => i !== index);
  const heir = index > 0 ? index - 1 : 0;
  return rest.map((s, i) =>
    i !== heir
      ? s
      : { ...s, items: index > 0 ? [...s.items, ...removed.items] : [...removed.items, ...s.items] },
  );
}

export function moveSection(sections: LayoutSection[], index: number, direction: -1 | 1): LayoutSection[] {
  const target = index + direction;
  if (target < 0 || target >= sections.length) return sections;
  const next = [...sections];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

/**
 * The sections as the designer starts from them: fields that are in the metadata but in no section (the
 * layout was read before they were added) are appended to the last section, fields gone are dropped.
 */
export function normaliseSections(sections: LayoutSection[], fields: FieldMeta[]): LayoutSection[] {
  const names = new Set(fields.map((f) => f.api_name));
  const next = sections.map((s) => ({
    ...s,
    items: s.items.filter((i) => i.kind === "subform" || names.has(i.field)),
  }));
  const placed = new Set(next.flatMap((s) => s.items.map(itemId)));
  const missing = fields.filter((f) => !placed.has(`field:${f.api_name}`));
  if (next.length && missing.length) {
    const last = next[next.length - 1]!;
    last.items = [...last.items, ...missing.map((f): LayoutItem => ({ kind: "field", field: f.api_name }))];
  }
  return next;
}

export interface SubformCandidate {
  object: ObjectMeta;
  field: FieldMeta;
}

/** One-to-many relations into `object`: another object's live many-to-one field pointing at it. */
export function subformCandidates(object: ObjectMeta, objects: ObjectMeta[]): SubformCandidate[] {
  return objects.flatMap((child) =>
    child.fields
      .filter(
        (f) =>
          !f.hidden &&
          f.type === "relation" &&
          f.config.relation?.cardinality === "many_to_one" &&
          f.config.relation.target === object.api_name,
      )
      .map((field) => ({ object: child, field })),
  );
}
