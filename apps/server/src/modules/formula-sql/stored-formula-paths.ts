import type { FieldDefinition, FormulaValueType, MetadataSnapshot } from "@keduo/core";
import { checkFormulaField, MAX_FORMULA_NESTING } from "./formula-check-cache.ts";
import { SYSTEM_COLUMNS } from "./formula-schema.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

/**
 * One step of a path between object tables. `many_to_one`: the row of `from` holds `fk`, the id of a row of
 * `to`. `list`: the rows of `to` hold `fk`, the id of the row of `from` they belong to (a reverse relation).
 */
export interface Hop {
  kind: "many_to_one" | "list";
  from: string;
  to: string;
  fk: string;
}

/**
 * A path a formula reads, with every formula field on the way replaced by what it reads: from the formula's
 * object through `hops` to `name` on the last object (null when only the list's records count, `COUNT(list)`).
 */
export interface RawPath {
  hops: Hop[];
  name: string | null;
}

/** What a formula field reads once every formula it uses is inlined, and whether it may be stored. */
export interface FormulaReach {
  paths: RawPath[];
  /** Reads TODAY()/NOW(), directly or through another formula. */
  timeDependent: boolean;
  /**
   * Aggregates as the reading user, directly or through another formula: a rollup (a list, reverse or
   * many-to-many) in a formula without `rollup_as: "system"` (ADR 0015).
   */
  readerScoped: boolean;
  /** Goes through a many-to-many list, whose membership lives in a junction table (not maintained yet). */
  manyToMany: boolean;
  /** Reads the user directory (`owner_id.manager`), which changes without any record write. */
  readsDirectory: boolean;
  /** The definition does not check against the current metadata (reads refuse it too). */
  broken: boolean;
}

function visibleField(snapshot: Snapshot, object: string, name: string): FieldDefinition | undefined {
  return snapshot.objects.get(object)?.fields.find((f) => f.apiName === name && !f.hidden);
}

/** The relation on another object whose reverse list is `object.name`. */
function inverseOf(snapshot: Snapshot, object: string, name: string): FieldDefinition | undefined {
  for (const source of snapshot.objects.values()) {
    const field = source.fields.find(
      (f) =>
        !f.hidden &&
        f.type === "relation" &&
        f.config.relation?.target === object &&
        f.config.relation.inverse_name === name,
    );
    if (field) return field;
  }
  return undefined;
}

const reaches = new WeakMap<Snapshot, Map<string, FormulaReach>>();

/** Cached per metadata version: snapshots are immutable. */
export function formulaReach(snapshot: Snapshot, field: FieldDefinition): FormulaReach {
  const cache = reaches.get(snapshot) ?? new Map<string, FormulaReach>();
  reaches.set(snapshot, cache);
  const hit = cache.get(field.id);
  if (hit) return hit;
  const reach: FormulaReach = {
    paths: [],
    timeDependent: false,
    readerScoped: false,
    manyToMany: false,
    readsDirectory: false,
    broken: false,
  };
  expand(snapshot, field, [], reach, [field.id]);
  cache.set(field.id, reach);
  return reach;
}

function expand(
  snapshot: Snapshot,
  field: FieldDefinition,
  prefix: Hop[],
  reach: FormulaReach,
  chain: string[],
) {
  const checked = checkFormulaField(snapshot, field);
  // A broken or cyclic definition cannot be stored; reads refuse it elsewhere.
  if (!checked.ok || chain.length > MAX_FORMULA_NESTING + 1) {
    reach.broken = true;
    return;
  }
  if (checked.formula.timeDependent) reach.timeDependent = true;
  if (checked.formula.readsDirectory) reach.readsDirectory = true;
  // Every list this formula aggregates counts as the reader unless it says otherwise.
  const listScope = () => {
    if (field.config.rollup_as !== "system") reach.readerScoped = true;
  };
  for (const path of checked.formula.dependencies) {
    let object = field.objectApiName;
    const hops = [...prefix];
    let ended = false;
    for (const [index, name] of path.entries()) {
      const last = index === path.length - 1;
      if (SYSTEM_COLUMNS.has(name)) {
        reach.paths.push({ hops, name });
        ended = true;
        break;
      }
      const own = visibleField(snapshot, object, name);
      const relation = own?.type === "relation" ? own.config.relation : undefined;
      if (own && relation?.cardinality === "many_to_one") {
        hops.push({ kind: "many_to_one", from: object, to: relation.target, fk: own.apiName });
        object = relation.target;
        continue;
      }
      if (own && relation) {
        listScope();
        reach.manyToMany = true;
        ended = true;
        break;
      }
      if (own?.type === "formula") {
        if (chain.includes(own.id)) reach.broken = true;
        else expand(snapshot, own, hops, reach, [...chain, own.id]);
        ended = true;
        break;
      }
      if (own) {
        reach.paths.push({ hops, name: own.apiName });
        ended = true;
        break;
      }
      const inverse = inverseOf(snapshot, object, name);
      if (!inverse) break;
      listScope();
      if (inverse.config.relation?.cardinality !== "many_to_one") {
        reach.manyToMany = true;
        ended = true;
        break;
      }
      hops.push({ kind: "list", from: object, to: inverse.objectApiName, fk: inverse.apiName });
      object = inverse.objectApiName;
      if (last) {
        reach.paths.push({ hops, name: null });
        ended = true;
      }
    }
    // A path the schema could not follow (a definition changed under it) is not storable.
    if (!ended) reach.broken = true;
  }
}

/** The SQL type of a stored formula's column, from its result type (the compiler casts to the same). */
export function storedColumnType(type: FormulaValueType | undefined): string | null {
  switch (type) {
    case "number":
    case "currency":
    case "percent":
      return "numeric";
    case "text":
    case "select":
      return "text";
    case "boolean":
      return "boolean";
    case "date":
      return "date";
    case "datetime":
      return "timestamptz";
    case "user":
      return "uuid";
    case "multi_select":
      return "text[]";
    default:
      return null;
  }
}

/** Why a formula cannot be stored, or null when it can: its value must depend on stored rows only. */
export function unstorableReason(reach: FormulaReach): string | null {
  if (reach.broken) return "invalid";
  if (reach.timeDependent) return "TODAY()/NOW()";
  if (reach.readerScoped) return 'rollup_as "reader"';
  if (reach.manyToMany) return "many-to-many";
  if (reach.readsDirectory) return "user directory";
  return null;
}

/** A formula field kept in a column (ADR 0010): asked for, visible, and storable as defined. */
export function isStoredFormula(snapshot: Snapshot, field: FieldDefinition): boolean {
  return (
    field.type === "formula" &&
    field.config.stored === true &&
    !field.hidden &&
    storedColumnType(field.config.result_type) !== null &&
    unstorableReason(formulaReach(snapshot, field)) === null
  );
}

/** Every stored formula field of the snapshot. */
export function storedFormulas(snapshot: Snapshot): FieldDefinition[] {
  const stored: FieldDefinition[] = [];
  for (const object of snapshot.objects.values())
    for (const field of object.fields) if (isStoredFormula(snapshot, field)) stored.push(field);
  return stored;
}

/**
 * A stored formula whose column holds every row's value, so reads may use it: not while it is being filled
 * (ADR 0019) — then reads compute it like a formula that is not stored.
 */
export function hasFilledColumn(snapshot: Snapshot, field: FieldDefinition): boolean {
  return field.filling !== true && isStoredFormula(snapshot, field);
}
