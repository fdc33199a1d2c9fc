import type {
  FieldDefinition,
  FieldTypeName,
  MetadataSnapshot,
  ObjectDefinition,
  Translatable,
} from "@keduo/core";
import type { Db, Trx } from "../../db/database.ts";

/** Reads every object and field definition: two queries, whatever the number of objects. */
export async function loadSnapshot(executor: Db | Trx): Promise<MetadataSnapshot> {
  const [versionRow, objectRows, fieldRows] = await Promise.all([
    executor.selectFrom("meta_version").select("version").where("id", "=", 1).executeTakeFirstOrThrow(),
    executor.selectFrom("objects").selectAll().orderBy("api_name").execute(),
    executor.selectFrom("fields").selectAll().orderBy("position").orderBy("created_at").execute(),
  ]);
  const objects = new Map<string, ObjectDefinition>();
  const byId = new Map<string, ObjectDefinition>();
  for (const row of objectRows) {
    const object: ObjectDefinition = {
      id: row.id,
      apiName: row.api_name,
      labels: row.labels as Translatable,
      pluralLabels: row.plural_labels as Translatable,
      description: (row.description as Translatable | null) ?? null,
      displayField: row.display_field,
      sharingDefault: row.sharing_default,
      teamAccess: row.team_access,
      indexes: row.indexes ?? [],
      fields: [],
    };
    objects.set(object.apiName, object);
    byId.set(object.id, object);
  }
  for (const row of fieldRows) {
    const object = byId.get(row.object_id);
    if (!object) continue;
    const field: FieldDefinition = {
      id: row.id,
      objectApiName: object.apiName,
      apiName: row.api_name,
      type: row.type as FieldTypeName,
      labels: row.labels as Translatable,
      helpText: (row.help_text as Translatable | null) ?? null,
      required: row.required,
      unique: row.is_unique,
      indexed: row.indexed,
      readOnly: row.read_only,
      defaultValue: row.default_value ?? null,
      config: row.config,
      position: row.position,
      hidden: row.hidden_at !== null,
      filling: row.filling,
    };
    object.fields.push(field);
  }
  return { version: Number(versionRow.version), objects };
}
