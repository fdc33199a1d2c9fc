import type { CheckedFormula, MetadataSnapshot } from "@keduo/core";
import { checkFormulaField } from "../formula-sql/index.ts";
import type { WriteOperation } from "../records/index.ts";
import type { EnforcedRule } from "./validation.service.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

/** How many formula fields deep a rule's reading of the owner is followed (formulas nest at most 5). */
const MAX_DEPTH = 6;

/**
 * The rules a write checks (ADR 0024). A create or update checks them all. A transfer or a claim changes
 * only the owner, so it checks only the rules that read `owner_id` (directly or through the object's
 * formula fields); a restore changes no field and checks none. A record saved before a rule it breaks was
 * added can then still change hands or come back from the recycle bin: the rule applies at its next edit.
 */
export function rulesToRun(
  snapshot: Snapshot,
  objectName: string,
  operation: WriteOperation,
  rules: EnforcedRule[],
): EnforcedRule[] {
  switch (operation) {
    case "restore":
    case "delete":
      return [];
    case "transfer":
    case "claim":
      return rules.filter(({ formula }) => readsOwner(snapshot, objectName, formula, 0));
    default:
      return rules;
  }
}

function readsOwner(snapshot: Snapshot, objectName: string, formula: CheckedFormula, depth: number): boolean {
  const fields = snapshot.objects.get(objectName)?.fields ?? [];
  return formula.dependencies.some(([first]) => {
    if (first === "owner_id") return true;
    const field = fields.find((f) => f.apiName === first);
    if (field?.type !== "formula") return false;
    // A formula that no longer checks, or nests too deep to follow, is assumed to read the owner.
    const checked = checkFormulaField(snapshot, field);
    if (!checked.ok || depth >= MAX_DEPTH) return true;
    return readsOwner(snapshot, objectName, checked.formula, depth + 1);
  });
}
