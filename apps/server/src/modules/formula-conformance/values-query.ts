import type { FormulaSqlScope, FormulaValueType, Sql } from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { directorySql, priorRowsSql, priorScope } from "../formula-sql/index.ts";
import { ITEM_COLUMNS, OWN_COLUMNS, RECORD_COLUMNS } from "./conformance-schema.ts";
import type { FlatRecord } from "./random-records.ts";

const column = (path: string) => path.replaceAll(".", "__");

function cast(value: unknown, type: FormulaValueType): Sql {
  switch (type) {
    case "number":
    case "percent":
      return sql`${value}::numeric`;
    case "currency":
      return sql`${value}::numeric(18,2)`;
    case "text":
    case "select":
      return sql`${value}::text`;
    case "multi_select":
      return sql`${value}::text[]`;
    case "boolean":
      return sql`${value}::boolean`;
    case "date":
      return sql`${value}::date`;
    case "datetime":
      return sql`${value}::timestamptz`;
    case "user":
      return sql`${value}::uuid`;
  }
}

/**
 * A relation of literal rows, every value a bind parameter with its column's type. With one row the
 * planner inlines it and folds each formula over constants, which is a path worth testing on its own.
 */
function literalRows(
  columns: ReadonlyArray<readonly [string, FormulaValueType]>,
  rows: ReadonlyArray<{ rec: number; values: Record<string, unknown> }>,
): Sql {
  const select = (rec: number | null, values: Record<string, unknown>) =>
    sql`SELECT ${rec}::int AS rec, ${rec === null ? null : recordId(rec)}::uuid AS id, ${sql.join(columns.map(([path, type]) => sql`${cast(values[path] ?? null, type)} AS ${sql.id(column(path))}`))}`;
  if (rows.length === 0) return sql`${select(null, {})} WHERE false`;
  return sql.join(
    rows.map(({ rec, values }) => select(rec, values)),
    sql` UNION ALL `,
  );
}

/** The id of the record at `rec`, which its prior row is joined on. */
function recordId(rec: number): string {
  return `00000000-0000-4000-8000-${String(rec).padStart(12, "0")}`;
}

/**
 * Identifiers come from here only: the records are `recs`, each list record `i`, the prior rows `p`; user
 * values are followed by the server's own directory SQL, and the write read through its prior-row scope.
 */
export function recordScope(schemas: Schemas): FormulaSqlScope {
  let aliases = 0;
  return {
    column: (path) => sql.id("recs", column(path.join("."))),
    aggregate: (_list, build) => {
      const { select, where } = build(itemScope);
      return sql`(SELECT ${select} FROM items AS i WHERE i.rec = recs.rec${where ? sql` AND ${where}` : sql``})`;
    },
    directory: (user, path) => directorySql(schemas, user, path, () => `u${++aliases}`),
    ...priorScope("p"),
  };
}

const itemScope: FormulaSqlScope = {
  column: (path) => sql.id("i", column(path.join("."))),
  aggregate: () => {
    throw new Error("no lists below a list item");
  },
};

/**
 * `WITH recs AS (…), items AS (…) SELECT rec, <e0> AS x0, … FROM recs LEFT JOIN <prior rows> p`: many
 * formulas over many records at once, each record new (no prior row) or changed.
 */
export function valuesQuery(records: readonly FlatRecord[], expressions: readonly Sql[]): Sql {
  const recs = literalRows(
    RECORD_COLUMNS,
    records.map((record, rec) => ({ rec, values: record.values })),
  );
  const items = literalRows(
    ITEM_COLUMNS,
    records.flatMap((record, rec) => record.items.map((values) => ({ rec, values }))),
  );
  const priors = records.flatMap((record, rec) =>
    record.prior ? [{ id: recordId(rec), values: record.prior }] : [],
  );
  const prior = priorRowsSql("p", OWN_COLUMNS, priors);
  const selected = expressions.map((expression, index) => sql`${expression} AS ${sql.id(`x${index}`)}`);
  return sql`WITH recs AS (${recs}), items AS (${items}) SELECT recs.rec, ${sql.join(selected)}
    FROM recs LEFT JOIN ${prior} ON p.id = recs.id ORDER BY recs.rec`;
}
