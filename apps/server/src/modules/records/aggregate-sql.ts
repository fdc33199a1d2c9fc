import type { CheckedAggregate, CheckedAggregateQuery } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";

type Sql = RawBuilder<unknown>;
type Row = Record<string, unknown>;

// The statement reads the derived table `b` (from record-aggregates.ts): group keys _g0…, currency codes
// _c0…, aggregated values _v0…; it answers _g0… and _a0… in the order of the query's group_by and aggregates.

/**
 * One statement for a checked aggregate read over `from`:
 * - without money, a plain GROUP BY;
 * - with the money of one currency field and no count_distinct, GROUP BY the groups and the currency code,
 *   folded into one row per group by an outer pass (every inner row holds one currency, so the outer pass
 *   only maps them). PostgreSQL runs the inner pass in parallel workers; it aggregates each row once.
 * - otherwise GROUPING SETS: each money aggregate per (groups, its currency) beside the rest per group, in
 *   one scan (no parallel plan, and each row is aggregated once per set: slower, always right).
 */
export function aggregateStatement(query: CheckedAggregateQuery, from: Sql, currencies: string[]) {
  if (currencies.length === 0) {
    const groupRefs = query.groupBy.map((_, i) => sql.ref(`b._g${i}`));
    const groupSelects = query.groupBy.map((_, i) => sql`${sql.ref(`b._g${i}`)} AS ${sql.id(`_g${i}`)}`);
    const measures = query.aggregates.map((a, j) => sql`${measureSql(a, j)} AS ${sql.id(`_a${j}`)}`);
    const groupBy = groupRefs.length ? sql`GROUP BY ${sql.join(groupRefs)}` : sql``;
    return sql<Row>`SELECT ${sql.join([...groupSelects, ...measures])} FROM ${from} ${groupBy} ${tail(query)}`;
  }
  if (currencies.length === 1 && !query.aggregates.some((a) => a.fn === "count_distinct"))
    return foldedStatement(query, from);
  return groupingSetsStatement(query, from, currencies);
}

const tail = (query: CheckedAggregateQuery) => sql`${orderSql(query)} LIMIT ${query.limit + 1}`;

/** Inner partial per (groups, currency) → outer value per group: what each function keeps and how it folds. */
function foldedStatement(query: CheckedAggregateQuery, from: Sql) {
  const groupRefs = query.groupBy.map((_, i) => sql.ref(`b._g${i}`));
  const inner = sql`SELECT ${sql.join([
    ...query.groupBy.map((_, i) => sql`${sql.ref(`b._g${i}`)} AS ${sql.id(`_g${i}`)}`),
    sql`b._c0 AS _c0`,
    ...query.aggregates.flatMap((a, j) => {
      const v = sql.ref(`b._v${j}`);
      const partial =
        a.fn === "count" ? sql`count(*)` : a.fn === "avg" ? sql`sum(${v})` : sql`${sql.raw(a.fn)}(${v})`;
      const parts = [sql`${partial} AS ${sql.id(`_a${j}`)}`];
      if (a.fn === "avg") parts.push(sql`count(${v}) AS ${sql.id(`_n${j}`)}`);
      return parts;
    }),
  ])} FROM ${from} GROUP BY ${sql.join([...groupRefs, sql.ref("b._c0")])}`;
  const outer = query.aggregates.map((a, j) => {
    const partial = sql.ref(`r._a${j}`);
    const mean = sql`${partial} / nullif(${sql.ref(`r._n${j}`)}, 0)`;
    if (a.kind === "money") {
      const value = a.fn === "avg" ? sql`round(${mean}, 2)` : partial;
      return sql`coalesce(jsonb_object_agg(r._c0, ${value}::text) FILTER (WHERE r._c0 IS NOT NULL
        AND ${partial} IS NOT NULL), '{}'::jsonb) AS ${sql.id(`_a${j}`)}`;
    }
    const folded = (() => {
      switch (a.fn) {
        case "count":
          return sql`coalesce(sum(${partial}), 0)::bigint`;
        case "avg": {
          const total = sql`sum(${partial}) / nullif(sum(${sql.ref(`r._n${j}`)}), 0)`;
          return a.kind === "number" ? sql`(${total})::float8` : sql`round(${total}, 2)::text`;
        }
        default: {
          const value = sql`${sql.raw(a.fn)}(${partial})`;
          return a.kind === "decimal" ? sql`${value}::text` : value;
        }
      }
    })();
    return sql`${folded} AS ${sql.id(`_a${j}`)}`;
  });
  const outerGroups = query.groupBy.map((_, i) => sql`${sql.ref(`r._g${i}`)} AS ${sql.id(`_g${i}`)}`);
  const groupBy = query.groupBy.length
    ? sql`GROUP BY ${sql.join(query.groupBy.map((_, i) => sql.ref(`r._g${i}`)))}`
    : sql``;
  return sql<Row>`SELECT ${sql.join([...outerGroups, ...outer])} FROM (${inner}) AS r ${groupBy} ${tail(query)}`;
}

const measureSql = (a: CheckedAggregate, j: number): Sql => {
  const v = sql.ref(`b._v${j}`);
  switch (a.fn) {
    case "count":
      return sql`count(*)`;
    case "count_distinct":
      return sql`count(DISTINCT ${v})`;
    case "avg":
      return a.kind === "number" ? sql`avg(${v})::float8` : sql`round(avg(${v}), 2)::text`;
    default: {
      const fn = sql.raw(a.fn);
      return a.kind === "number" || a.kind === "date" || a.kind === "datetime"
        ? sql`${fn}(${v})`
        : sql`${fn}(${v})::text`;
    }
  }
};

function orderSql(query: CheckedAggregateQuery): Sql {
  const aliasOf = (name: string) => {
    const g = query.groupBy.findIndex((group) => group.field.apiName === name);
    return g >= 0 ? `_g${g}` : `_a${query.aggregates.findIndex((a) => a.name === name)}`;
  };
  const keys = query.sort.map((k) => sql`${sql.id(aliasOf(k.name))} ${sql.raw(k.direction)} NULLS LAST`);
  keys.push(...query.groupBy.map((_, i) => sql`${sql.id(`_g${i}`)} ASC NULLS LAST`));
  return keys.length ? sql`ORDER BY ${sql.join(keys)}` : sql``;
}

/** Money per currency over GROUPING SETS, for what the folded form cannot do (see aggregateStatement). */
function groupingSetsStatement(query: CheckedAggregateQuery, from: Sql, currencies: string[]) {
  const groupRefs = query.groupBy.map((_, i) => sql.ref(`b._g${i}`));
  const groupSelects = query.groupBy.map((_, i) => sql`${sql.ref(`b._g${i}`)} AS ${sql.id(`_g${i}`)}`);
  const measures = query.aggregates.map((a, j) => sql`${measureSql(a, j)} AS ${sql.id(`_a${j}`)}`);
  const currencyRefs = currencies.map((_, k) => sql.ref(`b._c${k}`));
  const sets = [
    groupRefs.length ? sql`(${sql.join(groupRefs)})` : sql`()`,
    ...currencyRefs.map((c) => sql`(${sql.join([...groupRefs, c])})`),
  ];
  const inner = sql`SELECT ${sql.join([
    ...groupSelects,
    ...currencies.map((_, k) => sql`${sql.ref(`b._c${k}`)} AS ${sql.id(`_c${k}`)}`),
    sql`GROUPING(${sql.join(currencyRefs)}) AS _gs`,
    ...measures,
  ])} FROM ${from} GROUP BY GROUPING SETS (${sql.join(sets)})`;
  // GROUPING(c0 … cn) has bit (n-1-k) set when c_k is not grouped: the plain set has every bit set.
  const all = 2 ** currencies.length - 1;
  const outer = query.aggregates.map((a, j) => {
    const value = sql.ref(`r._a${j}`);
    if (a.kind !== "money") return sql`max(${value}) FILTER (WHERE r._gs = ${all}) AS ${sql.id(`_a${j}`)}`;
    const k = currencies.indexOf(a.field!.apiName);
    const currency = sql.ref(`r._c${k}`);
    const mask = all & ~(1 << (currencies.length - 1 - k));
    return sql`coalesce(jsonb_object_agg(${currency}, ${value}) FILTER (WHERE r._gs = ${mask}
      AND ${currency} IS NOT NULL AND ${value} IS NOT NULL), '{}'::jsonb) AS ${sql.id(`_a${j}`)}`;
  });
  const outerGroups = query.groupBy.map((_, i) => sql`${sql.ref(`r._g${i}`)} AS ${sql.id(`_g${i}`)}`);
  const groupBy = query.groupBy.length
    ? sql`GROUP BY ${sql.join(query.groupBy.map((_, i) => sql.ref(`r._g${i}`)))}`
    : sql``;
  return sql<Row>`SELECT ${sql.join([...outerGroups, ...outer])} FROM (${inner}) AS r ${groupBy} ${tail(query)}`;
}
