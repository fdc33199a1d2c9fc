import type { FieldDefinition, MetadataSnapshot } from "@keduo/core";
import { checkFormulaField, fieldsReadBy } from "../formula-sql/index.ts";
import type { AccessContext } from "./access-context.ts";

const hiddenByRoles = new WeakMap<MetadataSnapshot, Map<string, Set<string>>>();

/**
 * The ids of the formula fields that read something hidden from `access`: a field their roles hide, a field
 * of an object they may not read, or another such formula — through lookups and rollups alike, so a
 * formula never shows what its inputs would not. (The formula field's own field permission is applied by
 * the records module like any field's.) Cached per metadata version and set of roles.
 */
export function formulasHiddenFrom(access: AccessContext): ReadonlySet<string> {
  if (access.kind === "system") return new Set();
  const { snapshot } = access;
  const key = access.roleIds.join(",");
  const byRoles = hiddenByRoles.get(snapshot) ?? new Map<string, Set<string>>();
  hiddenByRoles.set(snapshot, byRoles);
  const cached = byRoles.get(key);
  if (cached) return cached;
  const verdicts = new Map<string, boolean>();
  const fieldHidden = (field: FieldDefinition): boolean =>
    !access.permissions.object(field.objectApiName).read ||
    access.permissions.field(field.objectApiName, field.apiName) === "hidden" ||
    (field.type === "formula" && formulaHidden(field));
  const formulaHidden = (field: FieldDefinition): boolean => {
    const known = verdicts.get(field.id);
    if (known !== undefined) return known;
    // Cycles are refused at definition time; should one exist, hiding is the safe answer.
    verdicts.set(field.id, true);
    const result = checkFormulaField(snapshot, field);
    const hidden =
      !result.ok || fieldsReadBy(snapshot, field.objectApiName, result.formula).some(fieldHidden);
    verdicts.set(field.id, hidden);
    return hidden;
  };
  const hidden = new Set<string>();
  for (const object of snapshot.objects.values())
    for (const field of object.fields)
      if (field.type === "formula" && !field.hidden && formulaHidden(field)) hidden.add(field.id);
  byRoles.set(key, hidden);
  return hidden;
}
