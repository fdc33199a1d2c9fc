import { type FormList, type FormObject, planFormFormulas } from "@keduo/core";
import type { ObjectMeta } from "../api/types.ts";

/**
 * Loaded on demand by live-formulas.ts: the formula checker and evaluator stay out of the initial JavaScript
 * and are fetched only by forms that have formula fields.
 */
export function planForForm(objects: ObjectMeta[], objectName: string, lists: FormList[]) {
  const formObjects: FormObject[] = objects.map((o) => ({
    apiName: o.api_name,
    fields: o.fields.map((f) => ({ apiName: f.api_name, type: f.type, hidden: f.hidden, config: f.config })),
  }));
  // TODAY()/NOW() formulas are never live (the plan skips them), so the clock reading only fills the context.
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  return planFormFormulas(formObjects, objectName, lists, { now, today, timeZone: "UTC" });
}
