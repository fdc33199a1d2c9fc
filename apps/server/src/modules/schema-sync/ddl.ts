import { createHash } from "node:crypto";
import {
  type ColumnSpec,
  type CompositeIndex,
  type FieldDefinition,
  fieldTypeOf,
  type ObjectDefinition,
} from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { foreignKeyIndexName, junctionTable, objectTable, plainIndexName, uniqueIndexName } from "./names.ts";

export type Statement = RawBuilder<unknown>;

// SQL types come from the field-type registry; this list is the allowlist they are checked against.
const SQL_TYPES = new Set([
  "text",
  "text[]",
  "bigint",
  "numeric",
  "numeric(18,2)",
  "date",
  "timestamptz",
  "boolean",
  "uuid",
  "uuid[]",
  "jsonb",
]);

/** The transaction-local setting that carries a new column's value for existing rows into its DDL. */
const EXISTING_ROWS_SETTING = "keduo.existing_rows_value";

function sqlType(spec: ColumnSpec): Statement {
  if (!SQL_TYPES.has(spec.sqlType)) throw new Error(`unexpected SQL type ${spec.sqlType}`);
  return sql.raw(spec.sqlType);
}

function references(schemas: Schemas, spec: ColumnSpec): Statement {
  if (!spec.references) return sql``;
  const target =
    spec.references.kind === "object"
      ? objectTable(schemas, spec.references.object)
      : sql.id(schemas.system, spec.references.kind);
  return sql` REFERENCES ${target} (id) ON DELETE SET NULL`;
}

/** `created_by` / `updated_by` are set by the server from the actor and carry no foreign key (ADR 0014). */
export function createObjectTable(schemas: Schemas, object: Pick<ObjectDefinition, "apiName">): Statement[] {
  const table = objectTable(schemas, object.apiName);
  const users = sql.id(schemas.system, "users");
  return [
    sql`CREATE TABLE ${table} (
      id uuid PRIMARY KEY,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      created_by uuid,
      updated_by uuid,
      owner_id uuid REFERENCES ${users} (id) ON DELETE SET NULL,
      version integer NOT NULL DEFAULT 1,
      deleted_at timestamptz)`,
    sql`CREATE INDEX ${sql.id(`${object.apiName}_owner_idx`)} ON ${table} (owner_id)`,
  ];
}

export function dropObjectTable(schemas: Schemas, object: Pick<ObjectDefinition, "apiName">): Statement[] {
  return [sql`DROP TABLE ${objectTable(schemas, object.apiName)}`];
}

/**
 * The statements that add a field's storage. `existingRows` gives column values the records already in the
 * table take (a new field's default): PostgreSQL keeps a constant given in ADD COLUMN … DEFAULT in the catalog
 * instead of writing every row, where an UPDATE afterwards rewrote the whole table (0.5–3 s for 10,000 records
 * on PGlite, ADR 0038). The value is bound, never inlined: it goes into a transaction-local setting that the
 * DEFAULT reads once, and the default is dropped again, so only the existing rows take it.
 */
export function addFieldStorage(
  schemas: Schemas,
  object: string,
  field: FieldDefinition,
  existingRows: Record<string, unknown> = {},
): Statement[] {
  const type = fieldTypeOf(field.type);
  const table = objectTable(schemas, object);
  if (type.junction || (field.type === "relation" && field.config.relation?.cardinality === "many_to_many")) {
    const target = objectTable(schemas, field.config.relation?.target ?? "");
    const junction = junctionTable(schemas, field);
    return [
      sql`CREATE TABLE ${junction} (
        source_id uuid NOT NULL REFERENCES ${table} (id) ON DELETE CASCADE,
        target_id uuid NOT NULL REFERENCES ${target} (id) ON DELETE CASCADE,
        position integer NOT NULL DEFAULT 0,
        PRIMARY KEY (source_id, target_id))`,
      sql`CREATE INDEX ${sql.id(foreignKeyIndexName(field))} ON ${junction} (target_id)`,
    ];
  }
  const statements: Statement[] = type.columns(field).flatMap((spec) => {
    const column = sql.id(spec.name);
    const value = existingRows[spec.name];
    if (value === undefined || value === null)
      return [sql`ALTER TABLE ${table} ADD COLUMN ${column} ${sqlType(spec)}${references(schemas, spec)}`];
    return [
      sql`SELECT set_config(${EXISTING_ROWS_SETTING}, ${value}, true)`,
      sql`ALTER TABLE ${table} ADD COLUMN ${column} ${sqlType(spec)}${references(schemas, spec)} DEFAULT CAST(current_setting(${sql.lit(EXISTING_ROWS_SETTING)}) AS ${sqlType(spec)})`,
      sql`ALTER TABLE ${table} ALTER COLUMN ${column} DROP DEFAULT`,
    ];
  });
  if (type.columns(field).some((spec) => spec.references)) {
    // Reverse lists (customer → contacts) and expands look records up by this column.
    statements.push(
      sql`CREATE INDEX ${sql.id(foreignKeyIndexName(field))} ON ${table} (${sql.id(field.apiName)})`,
    );
  }
  return statements;
}

export function dropFieldStorage(schemas: Schemas, object: string, field: FieldDefinition): Statement[] {
  if (field.type === "relation" && field.config.relation?.cardinality === "many_to_many") {
    return [sql`DROP TABLE ${junctionTable(schemas, field)}`];
  }
  const table = objectTable(schemas, object);
  return fieldTypeOf(field.type)
    .columns(field)
    .map((spec) => sql`ALTER TABLE ${table} DROP COLUMN ${sql.id(spec.name)}`);
}

export function hasColumn(field: FieldDefinition): boolean {
  return fieldTypeOf(field.type).columns(field).length > 0;
}

/** NOT NULL, unique and plain indexes: what `required`, `unique` and `indexed` mean in the database. */
export function constraintStatements(
  schemas: Schemas,
  object: string,
  before: FieldDefinition | null,
  after: FieldDefinition | null,
): Statement[] {
  const field = after ?? before;
  if (!field || !hasColumn(field)) return [];
  const table = objectTable(schemas, object);
  const column = sql.id(field.apiName);
  const active = (f: FieldDefinition | null) => f !== null && !f.hidden;
  const want = {
    required: active(after) && after!.required,
    unique: active(after) && after!.unique,
    indexed: active(after) && after!.indexed,
  };
  const had = {
    required: active(before) && before!.required,
    unique: active(before) && before!.unique,
    indexed: active(before) && before!.indexed,
  };
  const statements: Statement[] = [];
  if (had.required && !want.required)
    statements.push(sql`ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL`);
  if (!had.required && want.required)
    statements.push(sql`ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL`);
  if (had.unique && !want.unique)
    statements.push(sql`DROP INDEX ${sql.id(schemas.workspace, uniqueIndexName(field))}`);
  if (!had.unique && want.unique) {
    // Unique among live records only: a soft-deleted record does not block its value.
    statements.push(
      sql`CREATE UNIQUE INDEX ${sql.id(uniqueIndexName(field))} ON ${table} (${column}) WHERE deleted_at IS NULL`,
    );
  }
  if (had.indexed && !want.indexed)
    statements.push(sql`DROP INDEX ${sql.id(schemas.workspace, plainIndexName(field))}`);
  if (!had.indexed && want.indexed) {
    statements.push(
      field.type === "multi_select"
        ? sql`CREATE INDEX ${sql.id(plainIndexName(field))} ON ${table} USING gin (${column})`
        : // (column, id) serves a filter or sort on the column and the keyset tie-break in one index.
          sql`CREATE INDEX ${sql.id(plainIndexName(field))} ON ${table} (${column}, id) WHERE deleted_at IS NULL`,
    );
  }
  return statements;
}

/** A stable name per object and field list (identifiers are at most 63 bytes; field names can be long). */
export function compositeIndexName(objectId: string, index: CompositeIndex): string {
  return `cx_${createHash("sha256")
    .update(`${objectId}:${index.fields.join(",")}`)
    .digest("hex")
    .slice(0, 24)}`;
}

/**
 * Creates and drops declared composite indexes: `(f1, f2, …, id) WHERE deleted_at IS NULL`, so a filter on
 * the leading fields and a sort on the next one (with the keyset tie-break on id) read one index range.
 */
export function compositeIndexStatements(
  schemas: Schemas,
  object: Pick<ObjectDefinition, "id" | "apiName">,
  before: CompositeIndex[],
  after: CompositeIndex[],
): Statement[] {
  const key = (index: CompositeIndex) => index.fields.join(",");
  const had = new Set(before.map(key));
  const want = new Set(after.map(key));
  const table = objectTable(schemas, object.apiName);
  return [
    ...before
      .filter((index) => !want.has(key(index)))
      .map(
        (index) =>
          sql`DROP INDEX IF EXISTS ${sql.id(schemas.workspace, compositeIndexName(object.id, index))}`,
      ),
    ...after
      .filter((index) => !had.has(key(index)))
      .map(
        (index) =>
          sql`CREATE INDEX ${sql.id(compositeIndexName(object.id, index))} ON ${table} (${sql.join([...index.fields, "id"].map((f) => sql.id(f)))}) WHERE deleted_at IS NULL`,
      ),
  ];
}
