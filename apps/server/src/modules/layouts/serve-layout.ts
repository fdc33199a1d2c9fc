import type { MetadataSnapshot, ObjectDefinition } from "@keduo/core";
import type { AccessContext } from "../access/index.ts";
import type { FormLayout, LayoutItem, LayoutSection } from "./layout.ts";
import { fieldVisibleTo, objectReadableBy, subformRelation } from "./layout-visibility.ts";

export const DEFAULT_SECTION_ID = "main";
const DEFAULT_LABEL = { "zh-CN": "基本信息", en: "Details" };

/** The object's fields in position order (the snapshot keeps them sorted; sorting again costs nothing). */
function byPosition(object: ObjectDefinition) {
  return [...object.fields].sort((a, b) => a.position - b.position);
}

/**
 * The layout as one reader gets it. Saved layouts go stale as fields come and go, so serving repairs them
 * rather than failing: fields deleted since, or hidden from this reader, and sub-forms whose relation no
 * longer fits (or whose object the reader may not read) are dropped; fields placed nowhere (added after the
 * layout was saved) are appended to the last section, so a new field never vanishes from the forms.
 * Without a saved layout: one section with every visible field in field order.
 */
export function layoutForReader(
  stored: FormLayout | null,
  object: ObjectDefinition,
  snapshot: MetadataSnapshot,
  access: AccessContext,
): FormLayout {
  const visible = byPosition(object).filter((f) => fieldVisibleTo(access, f));
  const visibleNames = new Set(visible.map((f) => f.apiName));
  const keepItem = (item: LayoutItem): boolean => {
    if (item.kind === "field") return visibleNames.has(item.field);
    if (!objectReadableBy(access, item.object)) return false;
    const relation = subformRelation(snapshot, object, item.object, item.field);
    return relation !== null && fieldVisibleTo(access, relation);
  };
  const sections: LayoutSection[] = (stored?.sections ?? []).map((section) => ({
    ...section,
    items: section.items.filter(keepItem),
  }));
  if (sections.length === 0)
    sections.push({ id: DEFAULT_SECTION_ID, label: DEFAULT_LABEL, columns: 2, items: [] });
  const placed = new Set(
    sections.flatMap((s) => s.items.flatMap((i) => (i.kind === "field" ? [i.field] : []))),
  );
  const last = sections[sections.length - 1]!;
  for (const field of visible)
    if (!placed.has(field.apiName)) last.items.push({ kind: "field", field: field.apiName });
  return { object: object.apiName, version: stored?.version ?? 0, sections };
}
