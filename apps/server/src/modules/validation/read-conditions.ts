import { type CheckResult, checkFormula, type MetadataSnapshot } from "@keduo/core";
import { fullFormulaSchema } from "../formula-sql/index.ts";

/**
 * A formula an automation evaluates on a record as it is (a timer's condition, a value to write): against
 * every visible field — automations hold for every record, whoever owns it — and without the write functions
 * (ISNEW, ISCHANGED, PRIORVALUE), since no write is being made.
 */
export function checkReadCondition(
  snapshot: Pick<MetadataSnapshot, "objects">,
  object: string,
  formula: string,
  options: { expectBoolean?: boolean } = {},
): CheckResult {
  return checkFormula(formula, {
    schema: fullFormulaSchema(snapshot),
    object,
    ...(options.expectBoolean === false ? {} : { expect: "boolean" as const }),
    writeContext: false,
  });
}
