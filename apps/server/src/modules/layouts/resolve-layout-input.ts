import type { FieldIssue, MetadataSnapshot, ObjectDefinition, Translatable } from "@keduo/core";
import {
  type LayoutItem,
  type LayoutSection,
  MAX_LABEL_LENGTH,
  MAX_SECTION_ID_LENGTH,
  type SectionColumns,
} from "./layout.ts";
import { subformRelation } from "./layout-visibility.ts";
import { LAYOUT_ISSUE_MESSAGES } from "./layouts.errors.ts";

/** The body of PUT /api/layouts/{object} as received: its shape is checked here, problem by problem. */
export interface LayoutInput {
  sections?: unknown;
  version?: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function resolveLabel(value: unknown, path: string, issues: FieldIssue[]): Translatable {
  const label = isRecord(value) ? value : {};
  const text = (locale: "zh-CN" | "en") => {
    const raw = label[locale];
    const trimmed = typeof raw === "string" ? raw.trim() : "";
    if (!trimmed) issues.push({ field: `${path}.${locale}`, code: "required" });
    else if (trimmed.length > MAX_LABEL_LENGTH)
      issues.push({ field: `${path}.${locale}`, code: "too_long", params: { max: MAX_LABEL_LENGTH } });
    return trimmed;
  };
  return { "zh-CN": text("zh-CN"), en: text("en") };
}

/**
 * Checks a layout against the object's current fields and returns it in stored form, reporting every
 * problem at once with the path of the offending part: unknown or repeated fields, sub-forms that are not a
 * one-to-many relation to this object, sections without both labels or with a column count other than 1–3.
 * Fields may be left out: serving appends them to the last section.
 */
export function resolveLayoutInput(
  input: LayoutInput,
  object: ObjectDefinition,
  snapshot: MetadataSnapshot,
  issues: FieldIssue[],
): LayoutSection[] {
  if (!Array.isArray(input.sections) || input.sections.length === 0) {
    issues.push({ field: "sections", code: "no_sections", message: LAYOUT_ISSUE_MESSAGES.no_sections });
    return [];
  }
  const live = new Set(object.fields.filter((f) => !f.hidden).map((f) => f.apiName));
  const sectionIds = new Set<string>();
  const fieldsSeen = new Set<string>();
  const subformsSeen = new Set<string>();
  return input.sections.map((raw, index): LayoutSection => {
    const path = `sections.${index}`;
    const section = isRecord(raw) ? raw : {};
    const id = typeof section.id === "string" ? section.id.trim() : "";
    if (!id) issues.push({ field: `${path}.id`, code: "required" });
    else if (id.length > MAX_SECTION_ID_LENGTH)
      issues.push({ field: `${path}.id`, code: "too_long", params: { max: MAX_SECTION_ID_LENGTH } });
    else if (sectionIds.has(id))
      issues.push({ field: `${path}.id`, code: "duplicate_value", params: { value: id } });
    sectionIds.add(id);
    const label = resolveLabel(section.label, `${path}.label`, issues);
    const columns = section.columns;
    if (columns !== 1 && columns !== 2 && columns !== 3)
      issues.push({
        field: `${path}.columns`,
        code: "invalid_option",
        params: { value: String(columns ?? "") },
      });
    const rawItems = Array.isArray(section.items) ? section.items : [];
    const items = rawItems.flatMap((rawItem, itemIndex): LayoutItem[] => {
      const itemPath = `${path}.items.${itemIndex}`;
      const item = isRecord(rawItem) ? rawItem : {};
      const field = typeof item.field === "string" ? item.field : "";
      if (item.kind === "field") {
        if (!live.has(field)) {
          issues.push({ field: `${itemPath}.field`, code: "unknown_field", params: { name: field } });
        } else if (fieldsSeen.has(field)) {
          issues.push({
            field: `${itemPath}.field`,
            code: "duplicate_field",
            params: { name: field },
            message: LAYOUT_ISSUE_MESSAGES.duplicate_field,
          });
        }
        fieldsSeen.add(field);
        return [{ kind: "field", field }];
      }
      if (item.kind === "subform") {
        const child = typeof item.object === "string" ? item.object : "";
        const key = `${child}.${field}`;
        if (!snapshot.objects.has(child)) {
          issues.push({
            field: `${itemPath}.object`,
            code: "unknown_object",
            params: { name: child },
            message: LAYOUT_ISSUE_MESSAGES.unknown_object,
          });
        } else if (!subformRelation(snapshot, object, child, field)) {
          issues.push({
            field: `${itemPath}.field`,
            code: "invalid_subform",
            params: { object: child, field, target: object.apiName },
            message: LAYOUT_ISSUE_MESSAGES.invalid_subform,
          });
        } else if (subformsSeen.has(key)) {
          issues.push({
            field: itemPath,
            code: "duplicate_subform",
            params: { name: key },
            message: LAYOUT_ISSUE_MESSAGES.duplicate_subform,
          });
        }
        subformsSeen.add(key);
        return [{ kind: "subform", object: child, field }];
      }
      issues.push({
        field: `${itemPath}.kind`,
        code: "invalid_option",
        params: { value: String(item.kind ?? "") },
      });
      return [];
    });
    return { id, label, columns: columns as SectionColumns, items };
  });
}
