import { type FieldDefinition, fieldSortable, fieldTypeOf, isUuid, KeduoError } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import { dateColumnPlanOf } from "../formula-sql/index.ts";
import type { ObjectModel } from "../metadata/index.ts";
import { cursorBindValue } from "./cursor-value.ts";
import type { Row } from "./record-codec.ts";

type Sql = RawBuilder<unknown>;

export interface SortKey {
  field: FieldDefinition;
  /** The selected name of the key: its column, or the alias of a formula's expression. */
  column: string;
  direction: "asc" | "desc";
  /** A formula field's expression, sorted on (and compared with the cursor) in place of a column. */
  expression?: Sql;
  /** Where NULLs go when not the direction's default (ASC last, DESC first). */
  nulls?: "first" | "last";
  /** The key's name in the cursor when it is not `column`. */
  cursorName?: string;
}

export interface Sort {
  keys: SortKey[];
  /** The id tie-break follows the last key's direction so one (col, id) index serves the whole order. */
  idDirection: "asc" | "desc";
}

const MAX_SORT_KEYS = 5;

/** `sort=-amount,name`: a leading `-` sorts descending. Default: newest first (UUID v7 ids are time-ordered). */
export function parseSort(
  model: ObjectModel,
  sortParam: string | undefined,
  formula?: (field: FieldDefinition) => Sql,
): Sort {
  if (!sortParam) return { keys: [], idDirection: "desc" };
  const names = sortParam
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length > MAX_SORT_KEYS) throw new KeduoError("INVALID_SORT", { params: { field: sortParam } });
  const keys: SortKey[] = [];
  let lastDirection: "asc" | "desc" = "desc";
  for (const name of names) {
    const direction = name.startsWith("-") ? "desc" : "asc";
    const apiName = name.replace(/^[-+]/, "");
    if (apiName === "id") {
      return { keys, idDirection: direction };
    }
    const field = model.queryable.get(apiName);
    if (
      !field ||
      (field.type === "formula" && !formula) ||
      (!fieldSortable(fieldTypeOf(field.type), field) &&
        !["created_by", "updated_by", "owner_id"].includes(apiName))
    ) {
      throw new KeduoError("INVALID_SORT", { params: { field: apiName } });
    }
    lastDirection = direction;
    keys.push(
      field.type === "formula" && formula
        ? formulaKey(field, direction, formula(field))
        : { field, column: field.apiName, direction },
    );
  }
  // The id follows the requested direction of the last key, also when that key was turned onto a date column.
  return { keys, idDirection: keys.length ? lastDirection : "desc" };
}

/**
 * A formula that is a strictly monotone function of one date column sorts as that column (its index serves
 * the order; formula-sql/date-column-plan.ts), and the cursor carries the column's value; any other formula
 * sorts as its expression, selected under the field's name.
 */
function formulaKey(field: FieldDefinition, direction: "asc" | "desc", expression: Sql): SortKey {
  const onColumn = dateColumnPlanOf(expression)?.sort(direction);
  if (!onColumn) return { field, column: field.apiName, direction, expression: sql`(${expression})` };
  return {
    field,
    column: onColumn.column,
    direction: onColumn.direction,
    ...(onColumn.nulls ? { nulls: onColumn.nulls } : {}),
    cursorName: `${field.apiName}@${onColumn.column}`,
  };
}

const keySql = (k: SortKey, alias: string): Sql => k.expression ?? sql.id(alias, k.column);
const nullsLast = (k: SortKey) => (k.nulls ? k.nulls === "last" : k.direction === "asc");
const signatureOf = (sort: Sort) =>
  sort.keys.map((k) => `${k.direction === "desc" ? "-" : ""}${k.cursorName ?? k.column}`).join(",");

export function orderBy(sort: Sort, alias: string): Sql {
  const parts = sort.keys.map(
    (k) =>
      sql`${keySql(k, alias)} ${sql.raw(k.direction === "asc" ? "ASC" : "DESC")}${sql.raw(k.nulls ? ` NULLS ${k.nulls.toUpperCase()}` : "")}`,
  );
  parts.push(sql`${sql.id(alias, "id")} ${sql.raw(sort.idDirection === "asc" ? "ASC" : "DESC")}`);
  return sql.join(parts);
}

/** The cursor carries the last row's sort values and id; it is opaque to clients. */
export function encodeCursor(sort: Sort, row: Row): string {
  const values = sort.keys.map((k) => {
    const value = row[k.column];
    return value instanceof Date ? value.toISOString() : (value ?? null);
  });
  return Buffer.from(JSON.stringify([signatureOf(sort), values, row.id])).toString("base64url");
}

function decodeCursor(sort: Sort, cursor: string): { values: unknown[]; id: string } {
  const invalid = () => new KeduoError("INVALID_CURSOR");
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(decoded) || decoded.length !== 3) throw invalid();
  const [signature, values, id] = decoded as unknown[];
  if (signature !== signatureOf(sort) || !Array.isArray(values) || values.length !== sort.keys.length) {
    throw invalid();
  }
  if (typeof id !== "string" || !isUuid(id)) throw invalid();
  // Each value must be what its key compares with (cursor-value.ts): never a type PostgreSQL would refuse.
  const bound = sort.keys.map((key, i) => cursorBindValue(key, values[i]));
  if (bound.includes(undefined)) throw invalid();
  return { values: bound, id };
}

/**
 * Rows strictly after the cursor in the sort order. ASC sorts put NULLs last and DESC sorts first (PostgreSQL's
 * defaults, which plain indexes serve). When every key runs one way and the cursor holds no NULL, a row
 * comparison lets PostgreSQL start the index scan at the cursor; otherwise the general OR-chain is used.
 */
export function afterCursor(sort: Sort, cursor: string, alias: string): Sql {
  const { values, id } = decodeCursor(sort, cursor);
  const col = (k: SortKey) => keySql(k, alias);
  const idCol = sql.id(alias, "id");
  const sameDirection = sort.keys.every((k) => k.direction === sort.idDirection && !k.nulls);
  if (sameDirection && values.every((v) => v !== null)) {
    const op = sql.raw(sort.idDirection === "asc" ? ">" : "<");
    const row = sql`(${sql.join([...sort.keys.map(col), idCol])}) ${op} (${sql.join([...values.map((v) => sql`${v}`), sql`${id}`])})`;
    if (sort.idDirection === "desc") return row;
    // ASC puts NULLs after every value: rows equal on the earlier keys with a NULL here come after the cursor.
    const nullTails = sort.keys.map((key, i) => {
      const equal = sort.keys.slice(0, i).map((k, j) => sql`${col(k)} = ${values[j]}`);
      return sql.join([...equal, sql`${col(key)} IS NULL`], sql` AND `);
    });
    return sql`(${sql.join([row, ...nullTails], sql` OR `)})`;
  }
  const equal = (k: SortKey, v: unknown) => (v === null ? sql`${col(k)} IS NULL` : sql`${col(k)} = ${v}`);
  const after = (k: SortKey, v: unknown): Sql => {
    if (v === null) return nullsLast(k) ? sql`false` : sql`${col(k)} IS NOT NULL`;
    const beyond = k.direction === "asc" ? sql`${col(k)} > ${v}` : sql`${col(k)} < ${v}`;
    return nullsLast(k) ? sql`(${beyond} OR ${col(k)} IS NULL)` : beyond;
  };
  const terms: Sql[] = [];
  for (let i = 0; i <= sort.keys.length; i++) {
    const prefix = sort.keys.slice(0, i).map((k, j) => equal(k, values[j]));
    const last =
      i < sort.keys.length
        ? after(sort.keys[i]!, values[i])
        : sql`${idCol} ${sql.raw(sort.idDirection === "asc" ? ">" : "<")} ${id}`;
    terms.push(sql`(${sql.join([...prefix, last], sql` AND `)})`);
  }
  return sql`(${sql.join(terms, sql` OR `)})`;
}
