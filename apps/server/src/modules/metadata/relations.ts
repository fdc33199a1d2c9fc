import type { InverseRelation, MetadataSnapshot } from "@keduo/core";

/** The reverse lists other objects' relation fields give `objectName` (customer.contacts from contact.customer). */
export function inverseRelationsOf(
  snapshot: MetadataSnapshot,
  objectName: string,
  options: { includeHidden?: boolean } = {},
): InverseRelation[] {
  const inverses: InverseRelation[] = [];
  for (const object of snapshot.objects.values()) {
    for (const field of object.fields) {
      const relation = field.config.relation;
      if (field.type !== "relation" || !relation || relation.target !== objectName) continue;
      if (field.hidden && !options.includeHidden) continue;
      inverses.push({
        apiName: relation.inverse_name,
        labels: relation.inverse_labels,
        sourceObject: object.apiName,
        sourceField: field.apiName,
        cardinality: relation.cardinality,
      });
    }
  }
  return inverses;
}

/** Every name a record of `objectName` exposes: its fields and the reverse lists pointing at it. */
export function namesInUse(
  snapshot: MetadataSnapshot,
  objectName: string,
  exceptFieldId?: string,
): Set<string> {
  const names = new Set<string>();
  for (const field of snapshot.objects.get(objectName)?.fields ?? []) {
    if (field.id !== exceptFieldId) names.add(field.apiName);
  }
  for (const object of snapshot.objects.values()) {
    for (const field of object.fields) {
      const relation = field.config.relation;
      if (field.type === "relation" && relation?.target === objectName && field.id !== exceptFieldId) {
        names.add(relation.inverse_name);
      }
    }
  }
  return names;
}
