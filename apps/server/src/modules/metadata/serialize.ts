import type { FieldDefinition, InverseRelation, MetadataSnapshot, ObjectDefinition } from "@keduo/core";
import { inverseRelationsOf } from "./relations.ts";

export function serializeField(field: FieldDefinition) {
  return {
    id: field.id,
    api_name: field.apiName,
    type: field.type,
    labels: field.labels,
    help_text: field.helpText,
    required: field.required,
    unique: field.unique,
    indexed: field.indexed,
    read_only: field.readOnly,
    default: field.defaultValue,
    config: field.config,
    position: field.position,
    hidden: field.hidden,
    filling: field.filling === true,
  };
}

function serializeInverse(inverse: InverseRelation) {
  return {
    api_name: inverse.apiName,
    labels: inverse.labels,
    source_object: inverse.sourceObject,
    source_field: inverse.sourceField,
    cardinality: inverse.cardinality === "many_to_one" ? "one_to_many" : "many_to_many",
  };
}

/** Whether the caller may see a field of an object (field-level security); everything for the designer. */
export type FieldVisibility = (object: ObjectDefinition, field: FieldDefinition) => boolean;

const everything: FieldVisibility = () => true;

export function serializeObject(
  object: ObjectDefinition,
  snapshot: MetadataSnapshot,
  options: { includeHidden: boolean; visible?: FieldVisibility },
) {
  const visible = options.visible ?? everything;
  // A related list is the other side of a relation field: hidden with that field.
  const sourceVisible = (inverse: InverseRelation) => {
    const source = snapshot.objects.get(inverse.sourceObject);
    const field = source?.fields.find((f) => f.apiName === inverse.sourceField);
    return !source || !field || visible(source, field);
  };
  return {
    id: object.id,
    api_name: object.apiName,
    labels: object.labels,
    plural_labels: object.pluralLabels,
    description: object.description,
    display_field: object.displayField,
    sharing_default: object.sharingDefault,
    team_access: object.teamAccess,
    indexes: object.indexes,
    fields: object.fields
      .filter((f) => (options.includeHidden || !f.hidden) && visible(object, f))
      .map(serializeField),
    related_lists: inverseRelationsOf(snapshot, object.apiName).filter(sourceVisible).map(serializeInverse),
  };
}
