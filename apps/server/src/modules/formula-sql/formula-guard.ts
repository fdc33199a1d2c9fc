import { type FieldDefinition, KeduoError } from "@keduo/core";
import { fieldsReadBy } from "./formula-dependencies.ts";
import { checkFormulaField, withField } from "./formula-fields.ts";
import type { FormulaMetadataGuard } from "./upstream-shapes.ts";

/**
 * Keeps formula fields consistent with the fields they read, like validation rules (ADR 0007): a change that
 * leaves every formula using the field valid and of the same result type (a new label, text → long text)
 * goes through; hiding the field, or a type or expression change that breaks a formula or changes its
 * result type (which could break what reads that formula in turn), is refused with the formulas named.
 */
export const formulaFieldsGuard: FormulaMetadataGuard = {
  async beforeFieldChange(change, fieldChange) {
    const { snapshot } = change;
    const after = withField(snapshot, fieldChange.object, fieldChange.after);
    const broken: FieldDefinition[] = [];
    for (const object of snapshot.objects.values()) {
      for (const formula of object.fields) {
        if (formula.type !== "formula" || formula.hidden || formula.id === fieldChange.before.id) continue;
        const checked = checkFormulaField(snapshot, formula);
        // A formula that is already broken is not made worse by this change.
        if (!checked.ok) continue;
        const reads = fieldsReadBy(snapshot, formula.objectApiName, checked.formula);
        if (!reads.some((f) => f.id === fieldChange.before.id)) continue;
        const rechecked = checkFormulaField(after, formula);
        if (!rechecked.ok || rechecked.formula.type !== checked.formula.type) broken.push(formula);
      }
    }
    if (broken.length === 0) return;
    const names = broken.map((f) => `${f.objectApiName}.${f.apiName}`);
    throw new KeduoError("FIELD_USED_BY_FORMULA", {
      params: {
        field: `${fieldChange.object.apiName}.${fieldChange.before.apiName}`,
        formulas: names.join(", "),
      },
      extra: { formulas: broken.map((f) => ({ object: f.objectApiName, api_name: f.apiName })) },
    });
  },
};
