import {
  type FieldDefinition,
  type FieldType,
  fieldTypeOf,
  KeduoError,
  type MetadataSnapshot,
  type ObjectDefinition,
} from "@keduo/core";

/** System columns exposed as read-only pseudo-fields so they can be filtered, sorted and selected like fields. */
function systemField(
  object: ObjectDefinition,
  apiName: string,
  type: FieldDefinition["type"],
): FieldDefinition {
  return {
    id: `system-${apiName}`,
    objectApiName: object.apiName,
    apiName,
    type,
    labels: { "zh-CN": apiName, en: apiName },
    helpText: null,
    required: false,
    unique: false,
    indexed: false,
    readOnly: true,
    defaultValue: null,
    config: {},
    position: -1,
    hidden: false,
  };
}

export interface ObjectModel {
  object: ObjectDefinition;
  /** Visible fields in position order. */
  fields: FieldDefinition[];
  fieldByName: Map<string, FieldDefinition>;
  /** Visible fields and system pseudo-fields, for filters, sorts and `fields=`. */
  queryable: Map<string, FieldDefinition>;
  isManyToMany(field: FieldDefinition): boolean;
  typeOf(field: FieldDefinition): FieldType;
}

const SYSTEM_FIELDS: Array<[string, FieldDefinition["type"]]> = [
  ["created_at", "datetime"],
  ["updated_at", "datetime"],
  ["created_by", "user"],
  ["updated_by", "user"],
  ["owner_id", "user"],
];

const models = new WeakMap<ObjectDefinition, ObjectModel>();

/** Derived once per object per metadata version (snapshots are immutable and replaced on change). */
export function objectModel(object: ObjectDefinition): ObjectModel {
  const cached = models.get(object);
  if (cached) return cached;
  const fields = object.fields.filter((f) => !f.hidden);
  const queryable = new Map<string, FieldDefinition>();
  for (const [name, type] of SYSTEM_FIELDS) queryable.set(name, systemField(object, name, type));
  const idField = systemField(object, "id", "relation");
  idField.config = {
    relation: {
      target: object.apiName,
      cardinality: "many_to_one",
      inverse_name: "",
      inverse_labels: { "zh-CN": "", en: "" },
    },
  };
  queryable.set("id", idField);
  for (const field of fields) queryable.set(field.apiName, field);
  const model: ObjectModel = {
    object,
    fields,
    fieldByName: new Map(fields.map((f) => [f.apiName, f])),
    queryable,
    isManyToMany: (field) =>
      field.type === "relation" && field.config.relation?.cardinality === "many_to_many",
    typeOf: (field) => fieldTypeOf(field.type),
  };
  models.set(object, model);
  return model;
}

export function modelFor(snapshot: MetadataSnapshot, objectName: string): ObjectModel | null {
  const object = snapshot.objects.get(objectName);
  return object ? objectModel(object) : null;
}

/** The object's model, or OBJECT_NOT_FOUND when the snapshot has no such object. */
export function modelOrThrow(snapshot: MetadataSnapshot, objectName: string): ObjectModel {
  const model = modelFor(snapshot, objectName);
  if (!model) throw new KeduoError("OBJECT_NOT_FOUND", { params: { object: objectName } });
  return model;
}
