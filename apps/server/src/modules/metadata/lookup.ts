import {
  type FieldDefinition,
  type FieldIssue,
  KeduoError,
  type MetadataSnapshot,
  type ObjectDefinition,
} from "@keduo/core";

export function findObjectOrThrow(snapshot: MetadataSnapshot, name: string): ObjectDefinition {
  const object = snapshot.objects.get(name);
  if (!object) throw new KeduoError("OBJECT_NOT_FOUND", { params: { object: name } });
  return object;
}

export function findFieldOrThrow(object: ObjectDefinition, name: string): FieldDefinition {
  const field = object.fields.find((f) => f.apiName === name);
  if (!field) throw new KeduoError("FIELD_NOT_FOUND", { params: { object: object.apiName, field: name } });
  return field;
}

export function throwIfIssues(issues: FieldIssue[]): void {
  if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
}
