import { FIELD_TYPES, type FilterOperator, fieldHoldsMany, fieldOperators, fieldSortable } from "@keduo/core";
import type { FieldMeta, ObjectMeta, RecordData } from "../api/types.ts";

const TITLE_TYPES = new Set(["text", "auto_number", "email", "phone"]);

/** The field that names a record: the object's display field, else its first text-like field. */
export function displayFieldOf(object: ObjectMeta): FieldMeta | undefined {
  const visible = object.fields.filter((f) => !f.hidden);
  return (
    visible.find((f) => f.api_name === object.display_field) ?? visible.find((f) => TITLE_TYPES.has(f.type))
  );
}

/** The field the quick search looks in (with `contains`), if the object has one. */
export function searchFieldOf(object: ObjectMeta): FieldMeta | undefined {
  const display = displayFieldOf(object);
  if (display && operatorsFor(display).includes("contains")) return display;
  return object.fields.find((f) => !f.hidden && f.type === "text");
}

export function recordTitle(object: ObjectMeta | undefined, record: RecordData | null | undefined): string {
  if (!record) return "";
  const field = object ? displayFieldOf(object) : undefined;
  const value = field ? record[field.api_name] : undefined;
  if (typeof value === "string" && value.trim()) return value;
  return `#${record.id.slice(-6)}`;
}

/** Filter operators the server accepts for a field (the same table the server checks, from core). */
export function operatorsFor(field: FieldMeta): readonly FilterOperator[] {
  return fieldOperators(FIELD_TYPES[field.type], field);
}

/** A multi select or many-to-many field: its filter operand is a list (contains all, in any, nin none). */
export const holdsMany = (field: FieldMeta) => fieldHoldsMany(FIELD_TYPES[field.type], field);

export const isSortable = (field: FieldMeta) => fieldSortable(FIELD_TYPES[field.type], field);
export const supportsUnique = (field: Pick<FieldMeta, "type">) => FIELD_TYPES[field.type].supportsUnique;
export const supportsIndex = (field: Pick<FieldMeta, "type">) => FIELD_TYPES[field.type].supportsIndex;

/** Fields whose value a user types (auto-numbers are set by the server). */
export const isEditable = (field: FieldMeta) => !field.read_only && field.type !== "auto_number";

export function visibleFields(object: ObjectMeta): FieldMeta[] {
  return object.fields.filter((f) => !f.hidden).sort((a, b) => a.position - b.position);
}

/** Relations to expand in lists and record pages so they show names instead of ids. */
export function expandableFields(fields: FieldMeta[]): string[] {
  return fields.filter((f) => f.type === "relation").map((f) => f.api_name);
}

/** A system date column presented like a field (lists sort and filter on them too). */
/** A system column shown like a field: the record dates, and the owner as a user. */
export function systemField(
  apiName: "created_at" | "updated_at" | "owner_id" | "created_by",
  labels: FieldMeta["labels"],
): FieldMeta {
  const person = apiName === "owner_id" || apiName === "created_by";
  return {
    id: apiName,
    api_name: apiName,
    type: person ? "user" : "datetime",
    labels,
    help_text: null,
    required: false,
    unique: false,
    indexed: !person,
    read_only: true,
    default: null,
    config: {},
    position: 10_000,
    hidden: false,
  };
}
