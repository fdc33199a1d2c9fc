import type { FieldAccess, FieldDefinition } from "@keduo/core";
import type { ObjectModel } from "../metadata/index.ts";
import type { AccessContext } from "./access-context.ts";
import { formulasHiddenFrom } from "./formula-visibility.ts";

/** An object as one user may see it: hidden fields are gone from fields, filters, sorts and expands. */
export interface RestrictedModel extends ObjectModel {
  /** The user's access to a field of the full object (hidden ones included). */
  fieldAccess(field: FieldDefinition): FieldAccess;
  full: ObjectModel;
}

const restricted = new WeakMap<ObjectModel, Map<string, RestrictedModel>>();

/** The field mask of `access` applied to `model`, cached per model (one per metadata version) and role set. */
export function restrictModel(model: ObjectModel, access: AccessContext): RestrictedModel {
  const key = access.kind === "system" ? "system" : access.roleIds.join(",");
  const cache = restricted.get(model) ?? new Map<string, RestrictedModel>();
  restricted.set(model, cache);
  const cached = cache.get(key);
  if (cached) return cached;
  const objectName = model.object.apiName;
  // A formula that reads something hidden from the user is hidden too (issue 4): it would show it.
  const hiddenFormulas = formulasHiddenFrom(access);
  const fieldAccess = (field: FieldDefinition): FieldAccess => {
    if (access.kind === "system") return "editable";
    if (hiddenFormulas.has(field.id)) return "hidden";
    return access.permissions.field(objectName, field.apiName);
  };
  const fields = model.fields.filter((f) => fieldAccess(f) !== "hidden");
  const queryable = new Map(
    [...model.queryable].filter(([, f]) => f.id.startsWith("system-") || fieldAccess(f) !== "hidden"),
  );
  const view: RestrictedModel = {
    ...model,
    fields,
    fieldByName: new Map(fields.map((f) => [f.apiName, f])),
    queryable,
    fieldAccess,
    full: model,
  };
  cache.set(key, view);
  return view;
}
