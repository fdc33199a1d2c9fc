import type { FieldDefinition, MetadataSnapshot, Sql } from "@keduo/core";
import { formulaReach, hasFilledColumn } from "./stored-formula-paths.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

/** Which records of `object` (the table aliased `alias`) the reading user may read; null when all. */
export type ReaderPredicate = (object: string, alias: string) => Sql | null;

/**
 * The objects a formula looks into through many-to-one relations (each hop of `customer.parent.name`),
 * up to the first list it aggregates: what a reader must be able to read for its lookups to have a value.
 * Inside a list only a stored formula's system rollup reads, which counts everything by definition.
 */
function lookedUpObjects(snapshot: Snapshot, field: FieldDefinition): Set<string> {
  const objects = new Set<string>();
  for (const path of formulaReach(snapshot, field).paths)
    for (const hop of path.hops) {
      if (hop.kind === "list") break;
      objects.add(hop.to);
    }
  return objects;
}

/**
 * Whether a read takes a stored formula from its column: not while the column is being filled (ADR 0019),
 * and not for every reader. A stored value is one value for every reader,
 * computed as the system (ADR 0010); a reader restricted on a record it looks up gets the formula computed
 * at read time instead, with BLANK where they may not look (ADR 0015). Readers who see every record of
 * those objects (view all, public sharing) keep the column and its index.
 */
export function readsStoredColumn(
  snapshot: Snapshot,
  field: FieldDefinition,
  reader: ReaderPredicate | undefined,
): boolean {
  if (!hasFilledColumn(snapshot, field)) return false;
  if (!reader) return true;
  for (const object of lookedUpObjects(snapshot, field)) if (reader(object, "x") !== null) return false;
  return true;
}
