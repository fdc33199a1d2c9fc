import { createHash } from "node:crypto";
import type { IndexDefinition, IndexKey } from "@keduo/core";
import type { ReadShape } from "./read-shape.ts";

export type { IndexDefinition, IndexKey };

/** An index that exists on the table, as the catalogue describes it. */
export interface ExistingIndex {
  name: string;
  method: string;
  valid: boolean;
  /** Key columns in order; null where a key is an expression. */
  keys: Array<{ column: string | null; direction: "asc" | "desc" }>;
}

const MAX_KEYS = 6;

function withoutRepeats(keys: IndexKey[]): IndexKey[] {
  const seen = new Set<string>();
  return keys.filter((key) => !seen.has(key.column) && seen.add(key.column));
}

/**
 * The index that serves a shape: equality columns first (the reader's owner among them), then the order the
 * list sorts by with its id tie-breaker, or for an aggregate the range and the groups. Null when the shape
 * narrows and orders by nothing an index serves better than the primary key and the owner index.
 */
export function candidateFor(shape: ReadShape): IndexDefinition | null {
  const lead: IndexKey[] = withoutRepeats(
    [...(shape.scoped ? ["owner_id"] : []), ...shape.equality].map((column) => ({
      column,
      direction: "asc",
    })),
  );
  const asc = (column: string): IndexKey => ({ column, direction: "asc" });
  let rest: IndexKey[];
  let include: string[] = [];
  if (shape.kind === "aggregate") {
    rest = [...shape.range.slice(0, 1), ...shape.groupBy].map(asc);
    include = shape.measures;
  } else if (shape.sort.length > 0) {
    rest = [...shape.sort, { column: "id", direction: shape.idDirection }];
  } else if (shape.range.length > 0) {
    rest = [asc(shape.range[0]!)];
  } else {
    rest = lead.length > 0 ? [{ column: "id", direction: shape.idDirection }] : [];
  }
  const keys = withoutRepeats([...lead, ...rest]).slice(0, MAX_KEYS);
  const meaningful = keys.filter((key) => key.column !== "id");
  if (meaningful.length === 0) return null;
  // Only the owner: the owner index every object table has already finds a reader's own records.
  if (meaningful.length === 1 && meaningful[0]!.column === "owner_id") return null;
  const inKeys = new Set(keys.map((key) => key.column));
  return {
    object: shape.object,
    keys,
    equalityKeys: Math.min(lead.length, keys.length),
    include: [...new Set(include)].filter((column) => !inKeys.has(column)).sort(),
  };
}

/**
 * Whether an existing btree index already serves `wanted`: the same equality columns lead (in any order),
 * then the remaining keys follow in order, all in the wanted direction or all reversed (read backwards).
 */
export function servedBy(wanted: IndexDefinition, existing: ExistingIndex): boolean {
  if (existing.method !== "btree" || !existing.valid) return false;
  const have = existing.keys;
  if (have.length < wanted.keys.length) return false;
  const lead = wanted.keys.slice(0, wanted.equalityKeys).map((key) => key.column);
  const haveLead = have.slice(0, wanted.equalityKeys).map((key) => key.column);
  if (lead.some((column) => !haveLead.includes(column))) return false;
  const rest = wanted.keys.slice(wanted.equalityKeys);
  const haveRest = have.slice(wanted.equalityKeys, wanted.equalityKeys + rest.length);
  const columnsMatch = rest.every((key, i) => haveRest[i]?.column === key.column);
  const same = rest.every((key, i) => haveRest[i]?.direction === key.direction);
  const reversed = rest.every((key, i) => haveRest[i]?.direction !== key.direction);
  return columnsMatch && (same || reversed);
}

/** A stable name per definition, within PostgreSQL's 63 bytes: `adv_<object>_<hash>`. */
export function indexNameOf(definition: IndexDefinition): string {
  const hash = createHash("sha256").update(JSON.stringify(definition)).digest("hex").slice(0, 10);
  return `adv_${definition.object.slice(0, 40)}_${hash}`;
}
