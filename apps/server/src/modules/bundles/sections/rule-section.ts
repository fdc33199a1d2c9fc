import { type FieldIssue, isValidApiName, uuidv7 } from "@keduo/core";
import { findObjectOrThrow, throwIfIssues } from "../../metadata/index.ts";
import { insertRule, loadRules, type RuleInput, resolveRule, updateRule } from "../../validation/index.ts";
import type { BundleSection, JsonObject } from "../bundle-section.ts";

/** Validation rules, by API name within their object; a condition that does not type-check is refused. */
export function ruleSection(): BundleSection {
  return {
    kind: "validation_rules",
    placement: { file: "object", slot: "rules", shape: "map" },
    async exportItems({ trx }) {
      const rules = await loadRules(trx);
      return rules
        .map((rule) => ({
          key: `${rule.object}.${rule.apiName}`,
          content: {
            condition: rule.condition,
            message: rule.message,
            field: rule.field,
            active: rule.active,
          } as unknown as JsonObject,
        }))
        .sort((a, b) => a.key.localeCompare(b.key));
    },
    async apply({ change, now }, item) {
      const dot = item.key.indexOf(".");
      const [objectName, apiName] = [item.key.slice(0, dot), item.key.slice(dot + 1)];
      const object = findObjectOrThrow(change.snapshot, objectName);
      const issues: FieldIssue[] = [];
      if (!isValidApiName(apiName)) issues.push({ field: "api_name", code: "invalid_api_name" });
      const [stored] = await loadRules(change.trx, { object: objectName, apiName });
      const input = item.content as unknown as RuleInput;
      const base = stored
        ? { ...stored, updatedAt: now }
        : { id: uuidv7(), object: objectName, apiName, createdAt: now, updatedAt: now };
      const rule = resolveRule(
        change.snapshot,
        object,
        { ...input, field: input.field ?? null },
        issues,
        base,
      );
      throwIfIssues(issues);
      if (stored) await updateRule(change.trx, rule);
      else await insertRule(change.trx, rule);
    },
  };
}
