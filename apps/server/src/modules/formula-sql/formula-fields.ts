import {
  checkFormula,
  type FieldDefinition,
  type FieldIssue,
  formulaErrorToFieldIssue,
  type MetadataSnapshot,
  type ObjectDefinition,
} from "@keduo/core";
import { checkFormulaField, MAX_FORMULA_NESTING } from "./formula-check-cache.ts";
import { fieldsReadBy } from "./formula-dependencies.ts";
import { fullFormulaSchema } from "./formula-schema.ts";
import { formulaReach, storedColumnType, unstorableReason } from "./stored-formula-paths.ts";

export { checkFormulaField, MAX_FORMULA_NESTING };

type Snapshot = Pick<MetadataSnapshot, "objects">;

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
  const resolvedDraft = withField(snapshot, object, resolved);
  const problem = graphProblem(resolvedDraft, resolved);
  if (problem) issues.push(problem);
  else storageIssues(resolvedDraft, resolved, issues);
  return resolved;
}

/**
 * A stored formula must depend on stored rows only (ADR 0010): no TODAY()/NOW(), no reader-scoped rollup, no
 * many-to-many list, through the formulas it reads too. Only a stored formula has a column to index.
 */
function storageIssues(draft: Snapshot, field: FieldDefinition, issues: FieldIssue[]) {
  if (field.config.stored) {
    const reason =
      storedColumnType(field.config.result_type) === null
        ? field.config.result_type
        : unstorableReason(formulaReach(draft, field));
    if (reason) issues.push({ field: "config.stored", code: "invalid_value", params: { reason } });
  } else if (field.indexed) {
    issues.push({ field: "indexed", code: "invalid_value", params: { reason: "config.stored" } });
  }
}
