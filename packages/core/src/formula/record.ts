/**
 * What the evaluator reads a record through. Paths are API names: `["account", "owner", "name"]`
 * follows two relations; a missing related record reads as BLANK.
 */
export interface FormulaRecord {
  /** The raw value at the path (BLANK as null or undefined); converted by the field's formula type. */
  value(path: readonly string[]): unknown;
  /** The records of a list (the last name of the path), for aggregates. */
  list(path: readonly string[]): readonly FormulaRecord[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * A record from nested plain data: relations as nested objects, lists as arrays of objects.
 * @example plainFormulaRecord({ amount: "12.50", account: { tier: "gold" }, payments: [{ amount: 5 }] })
 */
export function plainFormulaRecord(data: Readonly<Record<string, unknown>>): FormulaRecord {
  const walk = (path: readonly string[]): unknown => {
    let current: unknown = data;
    for (const name of path) {
      if (!isPlainObject(current) || !Object.hasOwn(current, name)) return null;
      current = current[name];
    }
    return current;
  };
  return {
    value: walk,
    list(path) {
      const items = walk(path);
      return Array.isArray(items) ? items.filter(isPlainObject).map(plainFormulaRecord) : [];
    },
  };
}
