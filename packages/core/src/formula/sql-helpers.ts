import { type RawBuilder, sql } from "kysely";
import type { FormulaType } from "./formula-types.ts";
import { DIVISION_SCALE } from "./limits.ts";

export type Sql = RawBuilder<unknown>;

/** The PostgreSQL type of each formula type; every typed NULL and literal is cast so both engines agree. */
export function castTo(x: Sql, type: FormulaType): Sql {
  switch (type) {
    case "number":
    case "currency":
    case "percent":
      return sql`(${x})::numeric`;
    case "text":
    case "select":
    case "null":
      return sql`(${x})::text`;
    case "boolean":
      return sql`(${x})::boolean`;
    case "date":
      return sql`(${x})::date`;
    case "datetime":
      return sql`(${x})::timestamptz`;
    case "multi_select":
      return sql`(${x})::text[]`;
    case "user":
      return sql`(${x})::uuid`;
  }
}

export function typedNull(type: FormulaType): Sql {
  return castTo(sql`NULL`, type);
}

/** BLANK text reads as empty text inside text functions. */
export function textOrEmpty(x: Sql): Sql {
  return sql`COALESCE(${x}, '')`;
}

/** An empty text result is BLANK. */
export function blankIfEmpty(x: Sql): Sql {
  return sql`NULLIF(${x}, '')`;
}

/** BLANK reads as FALSE where a condition is needed. */
export function truthy(x: Sql): Sql {
  return sql`COALESCE(${x}, false)`;
}

/**
 * A whole-number argument: cut toward zero and clamped before the int cast, so no input (not even a
 * constant the planner folds early) can overflow. GREATEST and LEAST ignore NULL, hence the CASE:
 * BLANK must stay BLANK. `x` is used twice: pass a cheap expression (a reused reference).
 */
export function wholeSql(x: Sql, min: number, max: number): Sql {
  return sql`(CASE WHEN ${x} IS NOT NULL THEN LEAST(GREATEST(trunc(${x}), ${sql.lit(min)}), ${sql.lit(max)})::int END)`;
}

const SCALE_UP = sql.lit(10 ** DIVISION_SCALE);
const SCALE_DOWN = sql.lit(10 ** -DIVISION_SCALE);

/** a / b cut toward zero to DIVISION_SCALE places with exact integer division; NULL when b is 0. */
export function divideSql(a: Sql, b: Sql): Sql {
  return sql`(div((${a}) * ${SCALE_UP}, NULLIF(${b}, 0)) * ${SCALE_DOWN})`;
}

/** The org time zone's wall clock of a timestamptz (the zone is a bind parameter). */
export function inZone(x: Sql, timeZone: string): Sql {
  return sql`timezone(${timeZone}::text, ${x})`;
}
