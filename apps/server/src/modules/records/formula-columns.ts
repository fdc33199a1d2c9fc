import type { FieldDefinition, FormulaContext, MetadataSnapshot } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import type { AccessContext } from "../access/index.ts";
import {
  formulaFieldSql,
  formulaReach,
  type ReaderPredicate,
  readsStoredColumn,
  storedColumnType,
} from "../formula-sql/index.ts";
import { modelFor } from "./object-model.ts";
import { recordPredicate } from "./record-access.ts";

type Sql = RawBuilder<unknown>;

/** The SQL value of a formula field on the row `alias` of its object. */
export type FormulaSqlOf = (field: FieldDefinition, alias: string) => Sql;

/**
 * Formula fields for one read: every expression sees the same TODAY() and NOW() (one clock reading, bound
 * as parameters), so a page, its filter, its sort and its cursor agree. A stored formula is its column
 * (ADR 0010). A reader-scoped rollup counts the related records `access` may read; without `access` it is
 * BLANK rather than a sum over records the caller might not see.
 */
export function formulaSqlOf(
  snapshot: MetadataSnapshot,
  schemas: Schemas,
  context: FormulaContext,
  access?: AccessContext,
): FormulaSqlOf {
  const asSystem: FormulaSqlOf = (field, alias) =>
    formulaFieldSql({ snapshot, schemas, field, alias, context, storedColumns: true });
  const reader: ReaderPredicate | undefined = access
    ? (object, alias) => {
        const model = modelFor(snapshot, object);
        if (!model) return sql`false`;
        return recordPredicate(access, model, "read", {
          schemas,
          alias,
          today: context.today,
          timeZone: context.timeZone,
          // Sharing rules on the listed object compare formula fields as the system: no recursion.
          formula: (field) => asSystem(field, alias),
        });
      }
    : undefined;
  return (field, alias) => {
    if (!access && formulaReach(snapshot, field).readerScoped)
      return sql`NULL::${sql.raw(storedColumnType(field.config.result_type) ?? "text")}`;
    return formulaFieldSql({ snapshot, schemas, field, alias, context, storedColumns: true, reader });
  };
}

/** `(<expression>) AS <api_name>` for each formula field among `fields`, to add to a SELECT list. */
export function formulaSelects(fields: FieldDefinition[], alias: string, formulaSql: FormulaSqlOf): Sql[] {
  return fields
    .filter((field) => field.type === "formula")
    .map((field) => sql`${formulaSql(field, alias)} AS ${sql.id(field.apiName)}`);
}

/**
 * A list query's filter and sort read each costly formula (a lookup or rollup computed at read time) from
 * one `CROSS JOIN LATERAL (SELECT … OFFSET 0)`: its subqueries run once per row instead of once in the
 * WHERE, again in the ORDER BY and again in the SELECT list. (OFFSET 0 keeps PostgreSQL from flattening
 * the subquery back into each reference.) Stored and row-local formulas stay inline: they are cheap.
 */
export function lateralFormulas(snapshot: MetadataSnapshot, formulaSql: FormulaSqlOf, alias: string) {
  const joins = new Map<string, { name: string; sql: Sql }>();
  const costly = (field: FieldDefinition) =>
    !readsStoredColumn(snapshot, field) && formulaReach(snapshot, field).paths.some((p) => p.hops.length > 0);
  const reference = (field: FieldDefinition) => sql.ref(`${joins.get(field.id)!.name}.v`);
  return {
    /** For filters and sorts: a costly formula joins the query once and is read from the join. */
    filterSql(field: FieldDefinition, at: string): Sql {
      if (at !== alias || !costly(field)) return formulaSql(field, at);
      if (!joins.has(field.id)) {
        const name = `fx${joins.size}`;
        joins.set(field.id, {
          name,
          sql: sql`CROSS JOIN LATERAL (SELECT ${formulaSql(field, alias)} AS v OFFSET 0) AS ${sql.id(name)}`,
        });
      }
      return reference(field);
    },
    /** For the SELECT list: the join's value where there is one, else the expression (on the page's rows only). */
    selectSql(field: FieldDefinition, at: string): Sql {
      return at === alias && joins.has(field.id) ? reference(field) : formulaSql(field, at);
    },
    /** The joins, after every filter and sort has been compiled. */
    from(): Sql {
      if (joins.size === 0) return sql``;
      return sql.join(
        [...joins.values()].map((join) => join.sql),
        sql` `,
      );
    },
  };
}
