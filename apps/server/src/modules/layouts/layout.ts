import type { Translatable } from "@keduo/core";

/** A field of the object placed in a section. */
export interface FieldItem {
  kind: "field";
  field: string;
}

/**
 * A sub-form: the records of `object` whose many-to-one relation `field` points at this record, edited as
 * rows inside the parent's form.
 */
export interface SubformItem {
  kind: "subform";
  object: string;
  field: string;
}

export type LayoutItem = FieldItem | SubformItem;

export type SectionColumns = 1 | 2 | 3;

export interface LayoutSection {
  /** Chosen by the client (stable across saves, so the designer can keep its state); unique in a layout. */
  id: string;
  label: Translatable;
  columns: SectionColumns;
  items: LayoutItem[];
}

/** An object's layout as stored, or its default (version 0) while none has been saved. */
export interface FormLayout {
  object: string;
  /** 0 until the first save; each save adds one (If-Match). */
  version: number;
  sections: LayoutSection[];
}

export const MAX_SECTIONS = 50;
export const MAX_ITEMS = 500;
export const MAX_LABEL_LENGTH = 100;
export const MAX_SECTION_ID_LENGTH = 64;
