import {
  type FieldDefinition,
  type FormulaSchema,
  type FormulaSchemaField,
  formulaSchemaFromMetadata,
  type MetadataSnapshot,
} from "@keduo/core";
import type { FormulaReader } from "./upstream-shapes.ts";

/** System columns every object table has; formulas read them like fields and no role hides them. */
export const SYSTEM_COLUMNS = new Set(["created_at", "updated_at", "created_by", "updated_by", "owner_id"]);

/**
 * The field that defines a name of the formula schema: the object's own field, or — for a reverse list
 * (`account.contacts`) — the relation on the other object. Null for system columns.
 */
export interface NameOrigin {
  object: string;
  field: FieldDefinition | null;
}

type Snapshot = Pick<MetadataSnapshot, "objects">;

const schemas = new WeakMap<Snapshot, FormulaSchema>();

/** The schema of every visible field, derived once per metadata version (snapshots are immutable). */
export function fullFormulaSchema(snapshot: Snapshot): FormulaSchema {
  const cached = schemas.get(snapshot);
  if (cached) return cached;
  const schema = formulaSchemaFromMetadata(snapshot);
  schemas.set(snapshot, schema);
  return schema;
}

const origins = new WeakMap<Snapshot, Map<string, Map<string, NameOrigin>>>();

function originsOf(snapshot: Snapshot): Map<string, Map<string, NameOrigin>> {
  const cached = origins.get(snapshot);
  if (cached) return cached;
  const index = new Map<string, Map<string, NameOrigin>>();
  const namesOf = (object: string) => {
    const names = index.get(object) ?? new Map<string, NameOrigin>();
    index.set(object, names);
    return names;
  };
  for (const object of snapshot.objects.values()) {
    for (const field of object.fields) {
      if (field.hidden) continue;
      namesOf(object.apiName).set(field.apiName, { object: object.apiName, field });
      const relation = field.type === "relation" ? field.config.relation : undefined;
      if (relation?.inverse_name)
        namesOf(relation.target).set(relation.inverse_name, { object: object.apiName, field });
    }
  }
  origins.set(snapshot, index);
  return index;
}

export function nameOrigin(snapshot: Snapshot, object: string, name: string): NameOrigin | undefined {
  if (SYSTEM_COLUMNS.has(name)) return { object, field: null };
  return originsOf(snapshot).get(object)?.get(name);
}

/**
 * The formula schema as one caller may see it: names on objects they may not read, relations and lists
 * into such objects, and fields their roles hide are absent — exactly as unknown as names that do not
 * exist, in errors and in autocomplete alike. Hidden fields are judged like access/field-restriction.ts does.
 */
export function visibleFormulaSchema(snapshot: MetadataSnapshot, access: FormulaReader): FormulaSchema {
  const full = fullFormulaSchema(snapshot);
  if (access.kind === "system") return full;
  const readable = (object: string) => access.permissions.object(object).read;
  const visible = (object: string, name: string, field: FormulaSchemaField) => {
    if (!readable(object)) return false;
    if (field.kind !== "value" && !readable(field.target)) return false;
    const origin = nameOrigin(snapshot, object, name);
    if (!origin) return false;
    return (
      origin.field === null || access.permissions.field(origin.object, origin.field.apiName) !== "hidden"
    );
  };
  return {
    field(object, name) {
      const field = full.field(object, name);
      return field && visible(object, name, field) ? field : undefined;
    },
    fields: (object) => full.fields(object).filter(([name, field]) => visible(object, name, field)),
  };
}
