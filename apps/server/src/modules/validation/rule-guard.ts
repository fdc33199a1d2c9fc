import { KeduoError, type MetadataSnapshot } from "@keduo/core";
import type { FieldChange, MetadataGuard } from "../metadata/index.ts";
import { checkRuleCondition, fieldsUsedByRule } from "./rule-conditions.ts";
import { deleteRules, loadRules } from "./validation-rule-rows.ts";

/** The snapshot as it would be after the change: the one field replaced. */
function withField(snapshot: MetadataSnapshot, change: FieldChange): Pick<MetadataSnapshot, "objects"> {
  const objects = new Map(snapshot.objects);
  objects.set(change.object.apiName, {
    ...change.object,
    fields: change.object.fields.map((f) => (f.id === change.after.id ? change.after : f)),
  });
  return { objects };
}

/**
 * Keeps validation rules consistent with the fields they read. A field change that leaves every rule using
 * the field valid (a new label, number → currency) goes through; one that would break a rule (hiding the
 * field, a type the condition cannot use, the field a message attaches to going away) is refused with the
 * rules named. Rules of a deleted object go with it.
 */
export const validationRulesGuard: MetadataGuard = {
  async beforeFieldChange(change, fieldChange) {
    const rules = await loadRules(change.trx);
    const after = withField(change.snapshot, fieldChange);
    const broken = rules.filter((rule) => {
      const checked = checkRuleCondition(change.snapshot, rule.object, rule.condition);
      // A rule that is already broken is not made worse by this change.
      if (!checked.ok) return false;
      if (!fieldsUsedByRule(change.snapshot, rule, checked.formula).has(fieldChange.before.id)) return false;
      const attachedField =
        rule.object === fieldChange.object.apiName && rule.field === fieldChange.before.apiName;
      if (attachedField && fieldChange.after.hidden) return true;
      return !checkRuleCondition(after, rule.object, rule.condition).ok;
    });
    if (broken.length === 0) return;
    const names = broken.map((rule) => `${rule.object}.${rule.apiName}`);
    throw new KeduoError("FIELD_USED_BY_RULE", {
      params: {
        field: `${fieldChange.object.apiName}.${fieldChange.before.apiName}`,
        rules: names.join(", "),
      },
      extra: { rules: broken.map((rule) => ({ object: rule.object, api_name: rule.apiName })) },
    });
  },

  async beforeObjectDelete(change, object) {
    await deleteRules(change.trx, { object: object.apiName });
  },
};
