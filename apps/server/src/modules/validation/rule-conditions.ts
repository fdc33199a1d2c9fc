import { type CheckedFormula, type CheckResult, checkFormula, type MetadataSnapshot } from "@keduo/core";
import { fieldsReadBy, fullFormulaSchema } from "../formula-sql/index.ts";
import type { ValidationRule } from "./validation-rule-rows.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

/**
 * A rule's condition checked as it will run: against every visible field (rules hold for every writer,
 * whatever their roles hide), on a write (ISNEW, ISCHANGED and PRIORVALUE read it), and it must be a boolean.
 */
export function checkRuleCondition(snapshot: Snapshot, object: string, condition: string): CheckResult {
  return checkFormula(condition, {
    schema: fullFormulaSchema(snapshot),
    object,
    expect: "boolean",
    writeContext: true,
  });
}

/**
 * The ids of the fields a rule relies on: each hop of every path its condition reads (for a reverse list,
 * the relation on the other object that defines it) and the field its message attaches to.
 */
export function fieldsUsedByRule(
  snapshot: Snapshot,
  rule: ValidationRule,
  formula: CheckedFormula,
): Set<string> {
  const used = new Set(fieldsReadBy(snapshot, rule.object, formula).map((field) => field.id));
  const attached = snapshot.objects.get(rule.object)?.fields.find((f) => f.apiName === rule.field);
  if (attached) used.add(attached.id);
  return used;
}
