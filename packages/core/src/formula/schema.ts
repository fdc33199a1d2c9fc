import type { FormulaValueType } from "./formula-types.ts";

/** What a name means on an object, as far as formulas are concerned. */
export type FormulaSchemaField =
  /**
   * A value the formula can use. `options`: the option values of a select or multi select, which text
   * compared with it must be one of. `computed`: a formula field, which has no stored prior value.
   */
  | {
      readonly kind: "value";
      readonly type: FormulaValueType;
      readonly options?: readonly string[];
      readonly computed?: boolean;
    }
  /** A link to at most one record of `target` (many-to-one): `account.name` follows it. */
  | { readonly kind: "relation"; readonly target: string }
  /** Many records of `target` (the reverse of a many-to-one, or a many-to-many): only aggregates read it. */
  | { readonly kind: "list"; readonly target: string };

/**
 * How the type checker sees the objects; the metadata service provides the real one
 * (see formulaSchemaFromMetadata). Names are API names.
 */
export interface FormulaSchema {
  field(object: string, name: string): FormulaSchemaField | undefined;
  /** Every field of the object, for autocomplete and for "did you mean" hints. */
  fields(object: string): ReadonlyArray<readonly [string, FormulaSchemaField]>;
}

export type FormulaSchemaFieldSpec =
  | FormulaValueType
  | { relation: string }
  | { list: string }
  | { type: FormulaValueType; options?: readonly string[]; computed?: boolean };

/**
 * A schema from a plain description, for tests and tools.
 * @example
 * const schema = createFormulaSchema({
 *   deal: { amount: "currency", account: { relation: "account" }, payments: { list: "payment" } },
 *   account: { tier: { type: "select", options: ["a", "b", "c"] } },
 *   payment: { amount: "currency", status: "select" },
 * });
 */
export function createFormulaSchema(
  objects: Record<string, Record<string, FormulaSchemaFieldSpec>>,
): FormulaSchema {
  const resolved = new Map<string, Map<string, FormulaSchemaField>>();
  for (const [object, fields] of Object.entries(objects)) {
    const map = new Map<string, FormulaSchemaField>();
    for (const [name, spec] of Object.entries(fields)) {
      if (typeof spec === "string") map.set(name, { kind: "value", type: spec });
      else if ("type" in spec) map.set(name, { kind: "value", ...spec });
      else if ("relation" in spec) map.set(name, { kind: "relation", target: spec.relation });
      else map.set(name, { kind: "list", target: spec.list });
    }
    resolved.set(object, map);
  }
  return {
    field: (object, name) => resolved.get(object)?.get(name),
    fields: (object) => [...(resolved.get(object)?.entries() ?? [])],
  };
}
