import {
  type CheckResult,
  checkFormula,
  type FieldDefinition,
  type FieldIssue,
  formulaErrorToFieldIssue,
  type MetadataSnapshot,
  type ObjectDefinition,
} from "@keduo/core";
import { fieldsReadBy } from "./formula-dependencies.ts";
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

/** The formula fields a formula field reads directly (through lookups and rollups too). */
export function formulaFieldsReadBy(snapshot: Snapshot, field: FieldDefinition): FieldDefinition[] {
  const result = checkFormulaField(snapshot, field);
  if (!result.ok) return [];
  return fieldsReadBy(snapshot, field.objectApiName, result.formula).filter((f) => f.type === "formula");
}

/** The snapshot with one field of `object` added or replaced. */
export function withField(snapshot: Snapshot, object: ObjectDefinition, field: FieldDefinition): Snapshot {
  const objects = new Map(snapshot.objects);
  const current = objects.get(object.apiName) ?? object;
  const exists = current.fields.some((f) => f.id === field.id);
  objects.set(object.apiName, {
    ...current,
    fields: exists ? current.fields.map((f) => (f.id === field.id ? field : f)) : [...current.fields, field],
  });
  return { objects };
}

/** A path of formula fields that leads back to `start`, or the deepest chain when it is too deep. */
function graphProblem(snapshot: Snapshot, start: FieldDefinition): FieldIssue | null {
  const name = (f: FieldDefinition) => `${f.objectApiName}.${f.apiName}`;
  const walk = (field: FieldDefinition, chain: FieldDefinition[]): FieldIssue | null => {
    for (const next of formulaFieldsReadBy(snapshot, field)) {
      if (next.id === start.id)
        return {
          field: "config.expression",
          code: "formula_cycle",
          params: { path: [...chain, next].map(name).join(" → ") },
        };
      // Other formulas were acyclic when they were defined; a repeat off the start is not a cycle through it.
      if (chain.some((f) => f.id === next.id)) continue;
      if (chain.length >= MAX_FORMULA_NESTING)
        return { field: "config.expression", code: "formula_too_deep", params: { max: MAX_FORMULA_NESTING } };
      const problem = walk(next, [...chain, next]);
      if (problem) return problem;
    }
    return null;
  };
  return walk(start, [start]);
}

/**
 * Completes a formula field being defined: its expression type-checked against the object as it will be
 * (positioned errors under `config.expression`), the inferred result type stored in its config, and no
 * cycle through other formula fields. Formulas may read formula fields: a rollup of a formula included.
 */
export function resolveFormulaField(
  snapshot: Snapshot,
  object: ObjectDefinition,
  field: FieldDefinition,
  issues: FieldIssue[],
): FieldDefinition {
  if (field.type !== "formula" || !field.config.expression) return field;
  const draft = withField(snapshot, object, field);
  const result = checkFormula(field.config.expression, {
    schema: fullFormulaSchema(draft),
    object: object.apiName,
  });
  if (!result.ok) {
    issues.push(...result.errors.map((error) => formulaErrorToFieldIssue(error, "config.expression")));
    return field;
  }
  if (result.formula.type === "null") {
    issues.push({ field: "config.expression", code: "invalid_value", params: { reason: "BLANK" } });
    return field;
  }
  const resolved = { ...field, config: { ...field.config, result_type: result.formula.type } };
  const problem = graphProblem(withField(snapshot, object, resolved), resolved);
  if (problem) issues.push(problem);
  return resolved;
}
