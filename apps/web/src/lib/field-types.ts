import { FIELD_TYPES, type FieldTypeName, type Locale } from "@keduo/core";

/** Every field type the server knows, in the registry's order (a new type shows up without a UI change). */
export const FIELD_TYPE_NAMES = Object.keys(FIELD_TYPES) as FieldTypeName[];

/** A field type's name in the UI language; core carries it with the type. */
export function fieldTypeLabel(type: FieldTypeName, locale: Locale): string {
  return FIELD_TYPES[type]?.label[locale] ?? type;
}
