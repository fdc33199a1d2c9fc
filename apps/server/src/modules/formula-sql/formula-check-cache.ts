import { type CheckResult, checkFormula, type FieldDefinition, type MetadataSnapshot } from "@keduo/core";
import { fullFormulaSchema } from "./formula-schema.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

/**
 * How many formula fields deep one formula may reach through others. Each level is inlined into the SQL,
 * so this bounds the size of a read's query (the checker bounds each level to 500 nodes).
 */
export const MAX_FORMULA_NESTING = 5;

const checked = new WeakMap<Snapshot, Map<string, CheckResult>>();

/** A formula field's expression checked against every visible field, once per metadata version. */
export function checkFormulaField(snapshot: Snapshot, field: FieldDefinition): CheckResult {
  const cache = checked.get(snapshot) ?? new Map<string, CheckResult>();
  checked.set(snapshot, cache);
  const hit = cache.get(field.id);
  if (hit) return hit;
  const result = checkFormula(field.config.expression ?? "", {
    schema: fullFormulaSchema(snapshot),
    object: field.objectApiName,
  });
  cache.set(field.id, result);
  return result;
}
