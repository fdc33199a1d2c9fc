import { type CheckedFilter, type FilterFields, KeduoError, readFilter } from "@keduo/core";
import type { RawBuilder } from "kysely";
import { type FilterSqlScope, filterToSql } from "./filter-to-sql.ts";

export interface FilterContext extends FilterSqlScope {
  /** The fields the filter may name: a user's visible fields and the system pseudo-fields. */
  fields: FilterFields;
}

/** The fields a filter may name in `ctx`: formula fields only where their SQL is at hand. */
function nameable(ctx: FilterContext): FilterFields {
  if (ctx.formula) return ctx.fields;
  return {
    get: (name) => {
      const field = ctx.fields.get(name);
      return field?.type === "formula" ? undefined : field;
    },
  };
}

/** Filter JSON read and checked for `ctx`, or INVALID_FILTER with every problem (`errors[]`). */
export function checkFilterOrThrow(filter: unknown, ctx: FilterContext): CheckedFilter {
  const read = readFilter(filter, nameable(ctx));
  if (!read.ok) throw new KeduoError("INVALID_FILTER", { issues: [...read.problems] });
  return read.filter;
}

/**
 * Filter JSON (DESIGN §5) as one SQL predicate on `ctx.alias`; no filter (undefined or null) is `true`.
 * Throws INVALID_FILTER with every problem at once, before any SQL is built.
 * @example compileFilter({ and: [{ region: { eq: "华东" } }, { annual_revenue: { gte: 1000000 } }] }, ctx)
 */
export function compileFilter(filter: unknown, ctx: FilterContext): RawBuilder<unknown> {
  if (filter === undefined || filter === null) return filterToSql({ kind: "and", nodes: [] }, ctx);
  return filterToSql(checkFilterOrThrow(filter, ctx), ctx);
}

/** The `?filter=` query parameter (JSON text) as JSON; text that is not JSON is INVALID_FILTER. */
export function filterFromText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new KeduoError("INVALID_FILTER", {
      issues: [{ field: "filter", code: "invalid_format", params: { format: "JSON" } }],
    });
  }
}
