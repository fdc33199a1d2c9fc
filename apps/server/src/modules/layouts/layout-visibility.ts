import type { FieldDefinition, MetadataSnapshot, ObjectDefinition } from "@keduo/core";
import { type AccessContext, restrictModel } from "../access/index.ts";
import { modelOrThrow } from "../metadata/index.ts";

/** Whether a reader sees a field: exactly the records module's own restriction of the object's model. */
export function fieldVisibleTo(access: AccessContext, field: FieldDefinition): boolean {
  if (field.hidden) return false;
  const model = restrictModel(modelOrThrow(access.snapshot, field.objectApiName), access);
  return model.fieldAccess(field) !== "hidden";
}

export function objectReadableBy(access: AccessContext, objectName: string): boolean {
  return access.kind === "system" || access.permissions.object(objectName).read;
}

/**
 * The child's relation field a sub-form of `parent` stands on, when it is what a sub-form needs: a live
 * many-to-one relation of `childName` pointing at the parent. Null otherwise.
 */
export function subformRelation(
  snapshot: MetadataSnapshot,
  parent: ObjectDefinition,
  childName: string,
  fieldName: string,
): FieldDefinition | null {
  const child = snapshot.objects.get(childName);
  const field = child?.fields.find((f) => f.apiName === fieldName);
  if (!field || field.hidden || field.type !== "relation") return null;
  const relation = field.config.relation;
  if (relation?.cardinality !== "many_to_one" || relation.target !== parent.apiName) return null;
  return field;
}
