import type { FieldDefinition, FormulaContext, MetadataSnapshot } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { formulaFieldSql } from "../formula-sql/index.ts";

type Sql = RawBuilder<unknown>;

/** The SQL value of a formula field on the row `alias` of its object. */
export type FormulaSqlOf = (field: FieldDefinition, alias: string) => Sql;

/**
 * Formula fields for one read: every expression sees the same TODAY() and NOW() (one clock reading, bound
 * as parameters), so a page, its filter, its sort and its cursor agree.
 */
export function formulaSqlOf(
  snapshot: MetadataSnapshot,
  schemas: Schemas,
  context: FormulaContext,
): FormulaSqlOf {
  return (field, alias) => formulaFieldSql({ snapshot, schemas, field, alias, context });
}

/** `(<expression>) AS <api_name>` for each formula field among `fields`, to add to a SELECT list. */
export function formulaSelects(fields: FieldDefinition[], alias: string, formulaSql: FormulaSqlOf): Sql[] {
  return fields
    .filter((field) => field.type === "formula")
    .map((field) => sql`${formulaSql(field, alias)} AS ${sql.id(field.apiName)}`);
}
