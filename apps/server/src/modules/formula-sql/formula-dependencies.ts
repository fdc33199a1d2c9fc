import type { CheckedFormula, FieldDefinition, MetadataSnapshot } from "@keduo/core";
import { fullFormulaSchema, nameOrigin } from "./formula-schema.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

/**
 * The fields a checked formula of `object` reads: each hop of every path (for a reverse list, the relation
 * on the other object that defines it) and the value at the end. System columns are not fields.
 */
export function fieldsReadBy(snapshot: Snapshot, object: string, formula: CheckedFormula): FieldDefinition[] {
  const schema = fullFormulaSchema(snapshot);
  const used = new Map<string, FieldDefinition>();
  for (const path of formula.dependencies) {
    let current: string | undefined = object;
    for (const name of path) {
      if (current === undefined) break;
      const origin = nameOrigin(snapshot, current, name);
      if (origin?.field) used.set(origin.field.id, origin.field);
      const field = schema.field(current, name);
      current = field && field.kind !== "value" ? field.target : undefined;
    }
  }
  return [...used.values()];
}
