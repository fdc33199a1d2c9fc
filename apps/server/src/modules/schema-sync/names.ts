import type { FieldDefinition } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";

/** Values are bound; identifiers are derived — only from validated API names and ids, never from raw input. */
export function objectTable(schemas: Schemas, objectApiName: string): RawBuilder<unknown> {
  return sql.id(schemas.workspace, objectApiName);
}

const compactId = (field: FieldDefinition) => field.id.replaceAll("-", "");

/** Index names come from the field id: stable across renames of labels and always under 63 bytes. */
export const uniqueIndexName = (field: FieldDefinition) => `uq_${compactId(field)}`;
export const plainIndexName = (field: FieldDefinition) => `ix_${compactId(field)}`;
export const foreignKeyIndexName = (field: FieldDefinition) => `fk_${compactId(field)}`;
export const junctionTableName = (field: FieldDefinition) => `m2m_${compactId(field)}`;

export function junctionTable(schemas: Schemas, field: FieldDefinition): RawBuilder<unknown> {
  return sql.id(schemas.workspace, junctionTableName(field));
}
