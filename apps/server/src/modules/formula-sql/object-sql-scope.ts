import {
  compileFormulaToSql,
  type FieldDefinition,
  FORMULA_TYPE_OF_FIELD,
  type FormulaContext,
  type FormulaSqlScope,
  type MetadataSnapshot,
  type Sql,
} from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { junctionTable, objectTable } from "../schema-sync/index.ts";
import { registerDateColumnPlan } from "./date-column-plan.ts";
import { directorySql } from "./directory-sql.ts";
import { checkFormulaField, MAX_FORMULA_NESTING } from "./formula-check-cache.ts";
import { SYSTEM_COLUMNS } from "./formula-schema.ts";
import { priorScope } from "./prior-rows.ts";
import { type ReaderPredicate, readsStoredColumn } from "./reader-scope.ts";

type Snapshot = Pick<MetadataSnapshot, "objects">;

interface ScopeState {
  snapshot: Snapshot;
  schemas: Schemas;
  context: FormulaContext;
  aliases: number;
  /** Formula fields being inlined right now (outermost first). */
  inlining: FieldDefinition[];
  /** The reading user's row predicate; undefined as the system (rules, stored values, system rollups). */
  reader: ReaderPredicate | undefined;
  /** Read stored formulas from their columns instead of inlining them (reads; never their maintenance). */
  storedColumns: boolean;
  /** Formulas checked on a write: the alias its prior rows are joined as (see prior-rows.ts). */
  prior: string | undefined;
}

/** Which records of `object` (aliased `alias`) the reader may read, or null when nothing restricts. */
function readable(state: ScopeState, object: string, alias: string): Sql | null {
  return state.reader?.(object, alias) ?? null;
}

// The checker only lets through names the schema knows, so a miss here is a bug, not user input.
function missing(object: string, name: string): never {
  throw new Error(`formula scope: ${object}.${name} is not readable`);
}

function visibleField(state: ScopeState, object: string, name: string): FieldDefinition | undefined {
  return state.snapshot.objects.get(object)?.fields.find((f) => f.apiName === name && !f.hidden);
}

/**
 * The value of a field or system column on the row `alias`: its column (the name comes from metadata, never
 * from formula text), or for a formula field its own expression compiled in place. Definitions refuse
 * cycles and deep nesting; the checks here only keep a corrupt definition from recursing forever.
 */
function valueSql(state: ScopeState, object: string, alias: string, name: string): Sql {
  if (SYSTEM_COLUMNS.has(name)) return sql.id(alias, name);
  const field = visibleField(state, object, name);
  if (field?.type === "formula") {
    if (state.storedColumns && readsStoredColumn(state.snapshot, field, state.reader))
      return sql.id(alias, field.apiName);
    const checked = checkFormulaField(state.snapshot, field);
    if (
      !checked.ok ||
      state.inlining.some((f) => f.id === field.id) ||
      state.inlining.length > MAX_FORMULA_NESTING
    )
      throw new Error(`formula scope: ${object}.${name} cannot be inlined`);
    state.inlining.push(field);
    try {
      return sql`(${compileFormulaToSql(checked.formula, scopeFor(state, object, alias), state.context)})`;
    } finally {
      state.inlining.pop();
    }
  }
  if (!field || !FORMULA_TYPE_OF_FIELD[field.type]) missing(object, name);
  return sql.id(alias, field.apiName);
}

function manyToOne(state: ScopeState, object: string, name: string): FieldDefinition & { target: string } {
  const field = visibleField(state, object, name);
  const relation = field?.type === "relation" ? field.config.relation : undefined;
  if (!field || !relation || relation.cardinality !== "many_to_one") missing(object, name);
  return { ...field, target: relation.target };
}

/**
 * `(SELECT <last>.<column> FROM <first> JOIN … WHERE <first>.id = <alias>.<fk>)`: follows many-to-one
 * relations from the row `alias` of `object`. A soft-deleted record on the way reads as missing, so
 * everything behind it is BLANK (README rule 6) — and so does a record the reader may not read (ADR 0015):
 * each hop carries the reader's row predicate, as an expand of that relation would.
 */
function followRelations(
  state: ScopeState,
  object: string,
  alias: string,
  hops: readonly string[],
  read: (object: string, alias: string) => Sql,
): Sql {
  let current = object;
  let currentAlias = alias;
  let first: { table: Sql; alias: string; fk: Sql; usable: Sql } | null = null;
  const joins: Sql[] = [];
  for (const hop of hops) {
    const relation = manyToOne(state, current, hop);
    const next = `r${++state.aliases}`;
    const table = objectTable(state.schemas, relation.target);
    const fk = sql.id(currentAlias, relation.apiName);
    const predicate = readable(state, relation.target, next);
    const usable = sql.join(
      [sql`${sql.id(next, "deleted_at")} IS NULL`, ...(predicate ? [predicate] : [])],
      sql` AND `,
    );
    if (!first) first = { table, alias: next, fk, usable };
    else joins.push(sql`JOIN ${table} ${sql.id(next)} ON ${sql.id(next, "id")} = ${fk} AND ${usable}`);
    current = relation.target;
    currentAlias = next;
  }
  if (!first) return read(object, alias);
  return sql`(SELECT ${read(current, currentAlias)} FROM ${first.table} ${sql.id(first.alias)} ${sql.join(joins, sql` `)}
    WHERE ${sql.id(first.alias, "id")} = ${first.fk} AND ${first.usable})`;
}

/** How the records of a list (`contacts`, `tags`) are reached from the record whose id is `ownerId`. */
function listSource(state: ScopeState, owner: string, name: string, ownerId: Sql, alias: string) {
  const own = visibleField(state, owner, name);
  if (own?.type === "relation" && own.config.relation?.cardinality === "many_to_many") {
    const target = own.config.relation.target;
    const j = sql.id(`j${state.aliases}`);
    return {
      object: target,
      from: sql`${junctionTable(state.schemas, own)} ${j} JOIN ${objectTable(state.schemas, target)} ${sql.id(alias)}
        ON ${sql.id(alias, "id")} = ${j}.target_id AND ${sql.id(alias, "deleted_at")} IS NULL`,
      where: sql`${j}.source_id = ${ownerId}`,
    };
  }
  for (const source of state.snapshot.objects.values()) {
    const inverse = source.fields.find(
      (f) =>
        !f.hidden &&
        f.type === "relation" &&
        f.config.relation?.target === owner &&
        f.config.relation.inverse_name === name,
    );
    if (!inverse) continue;
    const table = objectTable(state.schemas, source.apiName);
    if (inverse.config.relation?.cardinality === "many_to_many") {
      const j = sql.id(`j${state.aliases}`);
      return {
        object: source.apiName,
        from: sql`${junctionTable(state.schemas, inverse)} ${j} JOIN ${table} ${sql.id(alias)}
          ON ${sql.id(alias, "id")} = ${j}.source_id AND ${sql.id(alias, "deleted_at")} IS NULL`,
        where: sql`${j}.target_id = ${ownerId}`,
      };
    }
    return {
      object: source.apiName,
      from: sql`${table} ${sql.id(alias)}`,
      where: sql`${sql.id(alias, inverse.apiName)} = ${ownerId} AND ${sql.id(alias, "deleted_at")} IS NULL`,
    };
  }
  return missing(owner, name);
}

function scopeFor(state: ScopeState, object: string, alias: string): FormulaSqlScope {
  // Only the record being written has prior values; formula fields inlined on the way never read them.
  const write = state.prior !== undefined && state.inlining.length === 0 ? priorScope(state.prior) : {};
  return {
    ...write,
    directory: (user, path) => directorySql(state.schemas, user, path, () => `u${++state.aliases}`),
    column(path) {
      const name = path.at(-1)!;
      return followRelations(state, object, alias, path.slice(0, -1), (owner, ownerAlias) =>
        valueSql(state, owner, ownerAlias, name),
      );
    },
    aggregate(list, build) {
      const hops = list.slice(0, -1);
      let owner = object;
      for (const hop of hops) owner = manyToOne(state, owner, hop).target;
      const ownerId = followRelations(state, object, alias, hops, (_, ownerAlias) =>
        sql.id(ownerAlias, "id"),
      );
      const itemAlias = `l${++state.aliases}`;
      const source = listSource(state, owner, list.at(-1)!, ownerId, itemAlias);
      // A rollup counts the records the reader may read (ADR 0015), unless its formula says
      // `rollup_as: "system"`: then every live record counts, and so does everything read inside it.
      // Validation rules and stored values have no reader: they count as the system anyway.
      const asSystem = state.inlining.at(-1)?.config.rollup_as === "system";
      const reader = state.reader;
      if (asSystem) state.reader = undefined;
      try {
        const { select, where } = build(listItemScope(state, source.object, itemAlias));
        const predicate = readable(state, source.object, itemAlias);
        const conditions = [source.where, ...(where ? [where] : []), ...(predicate ? [predicate] : [])];
        return sql`(SELECT ${select} FROM ${source.from} WHERE ${sql.join(conditions, sql` AND `)})`;
      } finally {
        state.reader = reader;
      }
    },
  };
}

function listItemScope(state: ScopeState, object: string, alias: string): FormulaSqlScope {
  return {
    column: scopeFor(state, object, alias).column,
    aggregate() {
      throw new Error("formula scope: no aggregate inside an aggregate");
    },
  };
}

/**
 * Where formula SQL finds the fields of an object's records: the table aliased `alias` in the caller's
 * query. Identifiers come from the metadata snapshot only; relations are followed with correlated
 * subqueries on their foreign keys, so the expression drops into any SELECT without changing its FROM.
 */
export function objectSqlScope(options: {
  snapshot: Snapshot;
  schemas: Schemas;
  object: string;
  alias: string;
  /** TODAY() and NOW() of formula fields inlined on the way. */
  context: FormulaContext;
  reader?: ReaderPredicate;
  storedColumns?: boolean;
  /** For a formula checked on a write: the alias the write's prior rows are joined as (prior-rows.ts). */
  prior?: string;
}): FormulaSqlScope {
  const state: ScopeState = {
    snapshot: options.snapshot,
    schemas: options.schemas,
    context: options.context,
    aliases: 0,
    inlining: [],
    reader: options.reader,
    storedColumns: options.storedColumns ?? false,
    prior: options.prior,
  };
  return scopeFor(state, options.object, options.alias);
}

/**
 * The SQL value of a formula field on the row `alias` of its object, for SELECT lists, filters and sorts.
 * Formula fields it reads are inlined.
 */
export function formulaFieldSql(options: {
  snapshot: Snapshot;
  schemas: Schemas;
  field: FieldDefinition;
  alias: string;
  context: FormulaContext;
  /** Lookups and reader-scoped rollups see only the records this predicate lets through. */
  reader?: ReaderPredicate;
  /** A stored formula read by this one comes from its column (reads only). */
  storedColumns?: boolean;
}): Sql {
  const { field } = options;
  const compiled = objectSqlScope({ ...options, object: field.objectApiName }).column([field.apiName]);
  // A filter or sort on a formula of one date column may use that column (and its index) instead.
  registerDateColumnPlan(compiled, { ...options, storedColumns: options.storedColumns ?? false });
  return compiled;
}
