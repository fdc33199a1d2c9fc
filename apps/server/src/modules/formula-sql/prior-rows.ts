import type { FormulaSqlScope, FormulaValueType, Sql } from "@keduo/core";
import { sql } from "kysely";
import { storedColumnType } from "./stored-formula-paths.ts";

/** One written record's stored values before the write, by field API name (as the row was read). */
export interface PriorRow {
  id: string;
  values: Readonly<Record<string, unknown>>;
}

function jsonValue(value: unknown): unknown {
  // Timestamps become ISO text, numerics stay decimal text, arrays JSON arrays: each casts back exactly.
  return value instanceof Date ? value.toISOString() : (value ?? null);
}

/**
 * The prior values of the records a write changes, as a relation for formulas checked on the write:
 * `jsonb_to_recordset($1::jsonb) AS <alias>(id uuid, <column> <type>, …)`, all values in one bind parameter.
 * A record the write creates has no row, so a LEFT JOIN on `id` reads its prior values as NULL. Column names
 * and types come from metadata (the caller passes them); the values are bound.
 */
export function priorRowsSql(
  alias: string,
  columns: ReadonlyArray<readonly [string, FormulaValueType]>,
  rows: readonly PriorRow[],
): Sql {
  const json = rows.map((row) => {
    const entry: Record<string, unknown> = { id: row.id };
    for (const [name] of columns) entry[name] = jsonValue(row.values[name]);
    return entry;
  });
  const definitions = [
    sql`id uuid`,
    ...columns.map(([name, type]) => {
      const sqlType = storedColumnType(type);
      if (!sqlType) throw new Error(`prior rows: no column type for ${type}`);
      return sql`${sql.id(name)} ${sql.raw(sqlType)}`;
    }),
  ];
  return sql`jsonb_to_recordset(${JSON.stringify(json)}::jsonb) AS ${sql.id(alias)}(${sql.join(definitions)})`;
}

/** What a formula's SQL reads of the write, from the prior rows joined as `alias`. */
export function priorScope(alias: string): Required<Pick<FormulaSqlScope, "prior" | "isNew">> {
  return {
    prior: (name) => sql.id(alias, name),
    isNew: () => sql`(${sql.id(alias, "id")} IS NULL)`,
  };
}
