import {
  type CheckedFormula,
  type Clock,
  type FieldIssue,
  formulaErrorToFieldIssue,
  isValidApiName,
  KeduoError,
  type MetadataSnapshot,
  type ObjectDefinition,
  type Translatable,
  uuidv7,
} from "@keduo/core";
import type { Database, Trx } from "../../db/database.ts";
import { findObjectOrThrow, type MetadataService, throwIfIssues } from "../metadata/index.ts";
import { checkRuleCondition } from "./rule-conditions.ts";
import {
  deleteRules,
  insertRule,
  loadRules,
  updateRule,
  type ValidationRule,
} from "./validation-rule-rows.ts";

export interface RuleInput {
  api_name?: string;
  condition?: string;
  message?: Translatable;
  field?: string | null;
  active?: boolean;
}

/** An active rule whose condition type-checked against the metadata version it is enforced with. */
export interface EnforcedRule {
  rule: ValidationRule;
  formula: CheckedFormula;
}

interface RuleCache {
  version: number;
  byObject: Map<string, EnforcedRule[]>;
}

/** Validation rules: definitions versioned with the metadata, so every instance reloads them on change. */
export class ValidationService {
  private cache: RuleCache | null = null;
  private readonly deps: { database: Database; clock: Clock; metadata: MetadataService };

  constructor(deps: ValidationService["deps"]) {
    this.deps = deps;
  }

  /** The object's rules, each with whether its condition still checks against the current fields. */
  async list(objectName: string): Promise<Array<{ rule: ValidationRule; valid: boolean }>> {
    const snapshot = await this.deps.metadata.current();
    findObjectOrThrow(snapshot, objectName);
    const rules = await loadRules(this.deps.database.db, { object: objectName });
    return rules.map((rule) => ({
      rule,
      valid: checkRuleCondition(snapshot, rule.object, rule.condition).ok,
    }));
  }

  create(objectName: string, input: RuleInput, actorId: string | null): Promise<ValidationRule> {
    return this.deps.metadata.changeVersioned(
      `create validation rule ${objectName}.${input.api_name}`,
      actorId,
      async ({ trx, snapshot }) => {
        const object = findObjectOrThrow(snapshot, objectName);
        const issues: FieldIssue[] = [];
        if (!isValidApiName(input.api_name)) issues.push({ field: "api_name", code: "invalid_api_name" });
        const now = this.deps.clock.now();
        const rule = resolveRule(snapshot, object, input, issues, {
          id: uuidv7(),
          object: objectName,
          apiName: input.api_name ?? "",
          createdAt: now,
          updatedAt: now,
        });
        throwIfIssues(issues);
        if (await findRule(trx, objectName, rule.apiName))
          throw new KeduoError("VALIDATION_RULE_NAME_TAKEN", {
            params: { object: objectName, rule: rule.apiName },
          });
        await insertRule(trx, rule);
        return rule;
      },
    );
  }

  update(objectName: string, apiName: string, patch: RuleInput, actorId: string | null) {
    return this.deps.metadata.changeVersioned(
      `update validation rule ${objectName}.${apiName}`,
      actorId,
      async ({ trx, snapshot }) => {
        const object = findObjectOrThrow(snapshot, objectName);
        const before = await findRuleOrThrow(trx, objectName, apiName);
        const issues: FieldIssue[] = [];
        const rule = resolveRule(snapshot, object, patch, issues, {
          ...before,
          updatedAt: this.deps.clock.now(),
        });
        throwIfIssues(issues);
        await updateRule(trx, rule);
        return rule;
      },
    );
  }

  async remove(objectName: string, apiName: string, actorId: string | null): Promise<void> {
    await this.deps.metadata.changeVersioned(
      `delete validation rule ${objectName}.${apiName}`,
      actorId,
      async ({ trx }) => {
        const rule = await findRuleOrThrow(trx, objectName, apiName);
        await deleteRules(trx, { object: objectName, id: rule.id });
      },
    );
  }

  /**
   * The active rules of an object as of the metadata version a write holds, read through its transaction
   * and cached per version like the metadata itself. A rule that no longer checks (it cannot, while the
   * field guard holds) is left out rather than failing every write; the rule list shows it as invalid.
   */
  async enforcedRules(trx: Trx, snapshot: MetadataSnapshot, objectName: string): Promise<EnforcedRule[]> {
    let cache = this.cache;
    if (cache?.version !== snapshot.version) {
      const byObject = new Map<string, EnforcedRule[]>();
      for (const rule of await loadRules(trx, { activeOnly: true })) {
        const checked = checkRuleCondition(snapshot, rule.object, rule.condition);
        if (!checked.ok) continue;
        byObject.set(rule.object, [...(byObject.get(rule.object) ?? []), { rule, formula: checked.formula }]);
      }
      cache = { version: snapshot.version, byObject };
      if (!this.cache || cache.version >= this.cache.version) this.cache = cache;
    }
    return cache.byObject.get(objectName) ?? [];
  }
}

async function findRule(trx: Trx, object: string, apiName: string): Promise<ValidationRule | undefined> {
  const [rule] = await loadRules(trx, { object, apiName });
  return rule;
}

async function findRuleOrThrow(trx: Trx, object: string, apiName: string): Promise<ValidationRule> {
  const rule = await findRule(trx, object, apiName);
  if (!rule) throw new KeduoError("VALIDATION_RULE_NOT_FOUND", { params: { object, rule: apiName } });
  return rule;
}

/** Applies the input over the defaults or the stored rule, reporting every problem at once. */
export function resolveRule(
  snapshot: MetadataSnapshot,
  object: ObjectDefinition,
  input: RuleInput,
  issues: FieldIssue[],
  base: Pick<ValidationRule, "id" | "object" | "apiName" | "createdAt" | "updatedAt"> &
    Partial<ValidationRule>,
): ValidationRule {
  const condition = input.condition ?? base.condition;
  const message = input.message ?? base.message;
  const field = input.field === undefined ? (base.field ?? null) : input.field;
  if (condition === undefined) issues.push({ field: "condition", code: "required" });
  else {
    const checked = checkRuleCondition(snapshot, object.apiName, condition);
    if (!checked.ok)
      issues.push(...checked.errors.map((error) => formulaErrorToFieldIssue(error, "condition")));
  }
  if (message === undefined) issues.push({ field: "message", code: "required" });
  if (field !== null && !object.fields.some((f) => f.apiName === field && !f.hidden)) {
    issues.push({ field: "field", code: "unknown_field", params: { name: field } });
  }
  return {
    ...base,
    condition: condition ?? "",
    message: message ?? { "zh-CN": "", en: "" },
    field,
    active: input.active ?? base.active ?? true,
  };
}
