import type { FieldDefinition, FormulaContext, MetadataSnapshot } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { type AccessContext, recordPredicate } from "../access/index.ts";
import {
  formulaFieldSql,
  formulaReach,
  type ReaderPredicate,
  readsStoredColumn,
  storedColumnType,
} from "../formula-sql/index.ts";
import { modelFor } from "../metadata/index.ts";

type Sql = RawBuilder<unknown>;

/** The SQL value of a formula field on the row `alias` of its object. */
export type FormulaSqlOf = (field: FieldDefinition, alias: string) => Sql;

/** Formula SQL of one read, which also says where a stored formula comes from for this reader. */
export type ReaderFormulaSql = FormulaSqlOf & {
  /** True when the read takes this stored formula from its column (cheap), false when it computes it. */
  readsColumn(field: FieldDefinition): boolean;
};

/**
 * Formula fields for one read: every expression sees the same TODAY() and NOW() (one clock reading, bound
 * as parameters), so a page, its filter, its sort and its cursor agree. A stored formula is its column
 * (ADR 0010) unless `access` may not read a record it looks up. Lookups and rollups see the related records
 * `access` may read (ADR 0015; a rollup with `rollup_as: "system"` counts them all); without `access` a
 * reader-scoped rollup is BLANK rather than a sum over records the caller might not see.
 */
export function formulaSqlOf(
  snapshot: MetadataSnapshot,
  schemas: Schemas,
  context: FormulaContext,
  access?: AccessContext,
): ReaderFormulaSql {
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
  const formulaSql: FormulaSqlOf = (field, alias) => {
    if (!access && formulaReach(snapshot, field).readerScoped)
      return sql`NULL::${sql.raw(storedColumnType(field.config.result_type) ?? "text")}`;
    return formulaFieldSql({ snapshot, schemas, field, alias, context, storedColumns: true, reader });
  };
  return Object.assign(formulaSql, {
    readsColumn: (field: FieldDefinition) => readsStoredColumn(snapshot, field, reader),
  });
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
 * the subquery back into each reference.) Row-local formulas, and stored ones this reader takes from their
 * column, stay inline: they are cheap.
 */
export function lateralFormulas(snapshot: MetadataSnapshot, formulaSql: ReaderFormulaSql, alias: string) {
  const joins = new Map<string, { name: string; sql: Sql }>();
  const costly = (field: FieldDefinition) =>
    !formulaSql.readsColumn(field) && formulaReach(snapshot, field).paths.some((p) => p.hops.length > 0);
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
