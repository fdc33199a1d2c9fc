import type { FieldDefinition, MetadataSnapshot, ObjectDefinition } from "@keduo/core";

/** The definitions with one object added or replaced (its fields kept when `object` comes without them). */
export function withObject(snapshot: MetadataSnapshot, object: ObjectDefinition): MetadataSnapshot {
  const objects = new Map(snapshot.objects);
  const fields = snapshot.objects.get(object.apiName)?.fields ?? object.fields;
  objects.set(object.apiName, { ...object, fields });
  return { ...snapshot, objects };
}

/** The definitions with one field added or replaced. */
export function withField(snapshot: MetadataSnapshot, field: FieldDefinition): MetadataSnapshot {
  const object = snapshot.objects.get(field.objectApiName);
  if (!object) return snapshot;
  const known = object.fields.some((f) => f.id === field.id);
  const fields = known
    ? object.fields.map((f) => (f.id === field.id ? field : f))
    : [...object.fields, field];
  const objects = new Map(snapshot.objects);
  objects.set(object.apiName, { ...object, fields });
  return { ...snapshot, objects };
}
