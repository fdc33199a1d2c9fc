import type { FieldDefinition, MetadataSnapshot } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { objectTable } from "../schema-sync/index.ts";
import { formulaReach, type Hop, storedFormulas } from "./stored-formula-paths.ts";

type Sql = RawBuilder<unknown>;
type Snapshot = Pick<MetadataSnapshot, "objects">;

/** The pseudo-name of a record's existence: deleting or restoring it changes what paths through it read. */
export const EXISTENCE = "deleted_at";

/**
 * A place where writes to `object` can change a stored formula: position `position` of one of its paths
 * (0 is the formula's own record). `names` are the columns of `object` the path reads there.
 */
export interface Trigger {
  formula: FieldDefinition;
  hops: Hop[];
  position: number;
  names: ReadonlySet<string>;
}

const indexes = new WeakMap<Snapshot, Map<string, Trigger[]>>();

/** The triggers of every stored formula, by the object whose writes fire them; derived once per metadata version. */
export function triggersOn(snapshot: Snapshot, object: string): Trigger[] {
  let index = indexes.get(snapshot);
  if (!index) {
    index = new Map();
    for (const formula of storedFormulas(snapshot)) {
      for (const path of formulaReach(snapshot, formula).paths) {
        for (let position = 0; position <= path.hops.length; position++) {
          const at = position === 0 ? formula.objectApiName : path.hops[position - 1]!.to;
          const names = new Set<string>();
          const next = path.hops[position];
          if (next?.kind === "many_to_one") names.add(next.fk);
          if (!next && path.name) names.add(path.name);
          const previous = path.hops[position - 1];
          if (previous) names.add(EXISTENCE);
          if (previous?.kind === "list") names.add(previous.fk);
          const list = index.get(at) ?? [];
          list.push({ formula, hops: path.hops, position, names });
          index.set(at, list);
        }
      }
    }
    indexes.set(snapshot, index);
  }
  return index.get(object) ?? [];
}

/**
 * The ids of the formula's records that read the written records at the trigger's position, as a query:
 * back along the path, one step per hop. The first step of a list uses the foreign keys the written
 * records had before and have after the write (a payment moved between deals changes both deals); the
 * other steps read the tables as they are now.
 */
export function affectedIdsSql(
  schemas: Schemas,
  trigger: Trigger,
  written: { ids: string[]; parentIds: string[] },
): Sql {
  const { hops, position } = trigger;
  const first = hops[position - 1]!;
  let ids: Sql =
    first.kind === "list"
      ? sql`SELECT unnest(${written.parentIds}::uuid[])`
      : sql`SELECT s.id FROM ${objectTable(schemas, first.from)} s WHERE s.${sql.id(first.fk)} = ANY(${written.ids}::uuid[])`;
  for (let i = position - 2; i >= 0; i--) {
    const hop = hops[i]!;
    ids =
      hop.kind === "many_to_one"
        ? sql`SELECT s.id FROM ${objectTable(schemas, hop.from)} s WHERE s.${sql.id(hop.fk)} IN (${ids})`
        : sql`SELECT s.${sql.id(hop.fk)} FROM ${objectTable(schemas, hop.to)} s WHERE s.id IN (${ids})`;
  }
  return ids;
}
