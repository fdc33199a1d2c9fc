import type { FieldDefinition, ObjectDefinition } from "@keduo/core";
import type { Trx } from "../../db/database.ts";

const json = (value: unknown) => JSON.stringify(value ?? null);

export async function insertObjectRow(trx: Trx, object: Omit<ObjectDefinition, "fields">, now: Date) {
  await trx
    .insertInto("objects")
    .values({
      id: object.id,
      api_name: object.apiName,
      labels: json(object.labels),
      plural_labels: json(object.pluralLabels),
      description: json(object.description),
      display_field: object.displayField,
      sharing_default: object.sharingDefault,
      team_access: object.teamAccess,
      indexes: JSON.stringify(object.indexes),
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function updateObjectRow(trx: Trx, object: Omit<ObjectDefinition, "fields">, now: Date) {
  await trx
    .updateTable("objects")
    .set({
      labels: json(object.labels),
      plural_labels: json(object.pluralLabels),
      description: json(object.description),
      display_field: object.displayField,
      sharing_default: object.sharingDefault,
      team_access: object.teamAccess,
      indexes: JSON.stringify(object.indexes),
      updated_at: now,
    })
    .where("id", "=", object.id)
    .execute();
}

function fieldColumns(field: FieldDefinition) {
  return {
    type: field.type,
    labels: json(field.labels),
    help_text: json(field.helpText),
    required: field.required,
    is_unique: field.unique,
    indexed: field.indexed,
    read_only: field.readOnly,
    default_value: json(field.defaultValue),
    config: json(field.config),
    position: field.position,
  };
}

export async function insertFieldRow(trx: Trx, objectId: string, field: FieldDefinition, now: Date) {
  await trx
    .insertInto("fields")
    .values({
      id: field.id,
      object_id: objectId,
      api_name: field.apiName,
      ...fieldColumns(field),
      hidden_at: field.hidden ? now : null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function updateFieldRow(trx: Trx, field: FieldDefinition, now: Date) {
  await trx
    .updateTable("fields")
    .set({ ...fieldColumns(field), hidden_at: field.hidden ? now : null, updated_at: now })
    .where("id", "=", field.id)
    .execute();
}
