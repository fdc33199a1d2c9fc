import type { FieldDefinition, FieldTypeName, ObjectDefinition } from "../metadata/definitions.ts";
import type { FormulaValueType } from "./formula-types.ts";
import type { FormulaSchema, FormulaSchemaField } from "./schema.ts";

/**
 * The formula type of each field type; `undefined` where formulas cannot read the field (yet).
 * Address has several columns and attachments are files: neither is one formula value.
 */
export const FORMULA_TYPE_OF_FIELD: Record<FieldTypeName, FormulaValueType | undefined> = {
  text: "text",
  long_text: "text",
  rich_text: "text",
  email: "text",
  phone: "text",
  url: "text",
  auto_number: "text",
  number: "number",
  currency: "currency",
  percent: "percent",
  date: "date",
  datetime: "datetime",
  boolean: "boolean",
  single_select: "select",
  multi_select: "multi_select",
  user: "user",
  relation: undefined,
  address: undefined,
  attachment: undefined,
  department: undefined,
  // A formula field's type is its inferred result type (config.result_type), see fieldOf.
  formula: undefined,
};

/** System columns every object table has, readable by formulas like fields. */
const SYSTEM_FIELDS: ReadonlyArray<readonly [string, FormulaValueType]> = [
  ["created_at", "datetime"],
  ["updated_at", "datetime"],
  ["created_by", "user"],
  ["updated_by", "user"],
  ["owner_id", "user"],
];

function fieldOf(field: FieldDefinition): FormulaSchemaField | undefined {
  const relation = field.config.relation;
  if (field.type === "relation" && relation) {
    return relation.cardinality === "many_to_many"
      ? { kind: "list", target: relation.target }
      : { kind: "relation", target: relation.target };
  }
  // A formula field reads as a value of its result type; one without a type yet (being defined) is unknown.
  if (field.type === "formula") {
    const type = field.config.result_type;
    return type ? { kind: "value", type, computed: true } : undefined;
  }
  const type = FORMULA_TYPE_OF_FIELD[field.type];
  if (!type) return undefined;
  // Text compared with a select must be one of its option values (a typo would silently never match).
  const options = field.config.options?.map((option) => option.value);
  return options && (type === "select" || type === "multi_select")
    ? { kind: "value", type, options }
    : { kind: "value", type };
}

/**
 * Derives the formula schema from resolved metadata: fields, system columns, and reverse lists
 * (`customer.contacts` for `contact.customer`, named by the relation's `inverse_name`).
 */
export function formulaSchemaFromMetadata(snapshot: {
  objects: ReadonlyMap<string, Pick<ObjectDefinition, "apiName" | "fields">>;
}): FormulaSchema {
  const objects = new Map<string, Map<string, FormulaSchemaField>>();
  const fieldsOf = (object: string) => {
    const map = objects.get(object) ?? new Map<string, FormulaSchemaField>();
    objects.set(object, map);
    return map;
  };
  for (const object of snapshot.objects.values()) {
    const map = fieldsOf(object.apiName);
    for (const [name, type] of SYSTEM_FIELDS) map.set(name, { kind: "value", type });
  }
  for (const object of snapshot.objects.values()) {
    for (const field of object.fields) {
      if (field.hidden) continue;
      const resolved = fieldOf(field);
      if (resolved) fieldsOf(object.apiName).set(field.apiName, resolved);
      const relation = field.config.relation;
      if (field.type === "relation" && relation?.inverse_name && snapshot.objects.has(relation.target)) {
        fieldsOf(relation.target).set(relation.inverse_name, { kind: "list", target: object.apiName });
      }
    }
  }
  return {
    field: (object, name) => objects.get(object)?.get(name),
    fields: (object) => [...(objects.get(object)?.entries() ?? [])],
  };
}
