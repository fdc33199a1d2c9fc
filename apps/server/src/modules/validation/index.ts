import type { Clock } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import type { MetadataService } from "../metadata/index.ts";
import type { RecordsService } from "../records/index.ts";
import { validationRulesGuard } from "./rule-guard.ts";
import "./validation.errors.ts";
import { ValidationService } from "./validation.service.ts";
import { validationRulesHook } from "./validation-hook.ts";

export { objectSqlScope } from "../formula-sql/index.ts";
export { checkReadCondition } from "./read-conditions.ts";
export { evaluateOnRecord, readConditionSql } from "./record-formulas.ts";
export { type RuleInput, resolveRule, ValidationService } from "./validation.service.ts";
export { insertRule, loadRules, updateRule, type ValidationRule } from "./validation-rule-rows.ts";
export { checkWriteCondition, evaluateWriteConditions } from "./write-conditions.ts";

/**
 * Validation rules and formula editor support. Creating the service registers what enforces the rules:
 * a verify hook on the records write pipeline and a guard on field and object changes.
 */
export function createValidationService(deps: {
  database: Database;
  clock: Clock;
  config: ServerConfig;
  metadata: MetadataService;
  records: RecordsService;
}): ValidationService {
  const validation = new ValidationService(deps);
  deps.records.pipeline.register(
    "verify",
    "validation.rules",
    validationRulesHook({ validation, schemas: deps.database.schemas, timeZone: deps.config.timeZone }),
    // Rules may read stored formulas: they see the values this write recomputed.
    { after: ["formula.stored"] },
  );
  deps.metadata.guards.register("validation.rules", validationRulesGuard);
  return validation;
}
