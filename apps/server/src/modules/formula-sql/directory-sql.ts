import {
  DIRECTORY_DEPARTMENT,
  DIRECTORY_USER,
  type DirectoryKind,
  directoryHop,
  type Sql,
} from "@keduo/core";
import { sql } from "kysely";
import type { Schemas } from "../../db/database.ts";

/** The system table behind each kind of directory entry. */
const TABLES: Record<DirectoryKind, string> = {
  [DIRECTORY_USER]: "users",
  [DIRECTORY_DEPARTMENT]: "departments",
};

/**
 * Each name of the directory (core `directory.ts`) as SQL on a row of its table. Identifiers and constants
 * here are ours; nothing comes from formula text.
 */
export const DIRECTORY_COLUMNS: Record<DirectoryKind, Record<string, (alias: string) => Sql>> = {
  [DIRECTORY_USER]: {
    name: (alias) => sql.id(alias, "name"),
    email: (alias) => sql.id(alias, "email"),
    active: (alias) => sql`(${sql.id(alias, "status")} = 'active')`,
    manager: (alias) => sql.id(alias, "manager_id"),
    department: (alias) => sql.id(alias, "department_id"),
  },
  [DIRECTORY_DEPARTMENT]: {
    name: (alias) => sql.id(alias, "name"),
    parent: (alias) => sql.id(alias, "parent_id"),
    head: (alias) => sql.id(alias, "head_user_id"),
  },
};

export function directoryTable(schemas: Schemas, kind: DirectoryKind): Sql {
  return sql.id(schemas.system, TABLES[kind]);
}

function columnOf(kind: DirectoryKind, name: string, alias: string): Sql {
  const column = DIRECTORY_COLUMNS[kind][name];
  // The checker only lets through names the directory has, so a miss is a bug, not user input.
  if (!column) throw new Error(`formula directory: ${kind}.${name} is not readable`);
  return column(alias);
}

/**
 * `(SELECT <last> FROM users x1 JOIN users x2 ON x2.id = x1.manager_id … WHERE x1.id = <user>)`: the value
 * at `path` from the user whose id is `user`. Inner joins make a missing manager or department on the way
 * read as BLANK, as the evaluator's directory walk does; `nextAlias` keeps aliases unique in the query.
 */
export function directorySql(
  schemas: Schemas,
  user: Sql,
  path: readonly string[],
  nextAlias: () => string,
): Sql {
  let kind: DirectoryKind = DIRECTORY_USER;
  const first = nextAlias();
  let alias = first;
  const joins: Sql[] = [];
  for (const name of path.slice(0, -1)) {
    const next = directoryHop(kind, name);
    if (!next) throw new Error(`formula directory: ${kind}.${name} cannot be followed`);
    const nextAliasName = nextAlias();
    joins.push(
      sql`JOIN ${directoryTable(schemas, next)} ${sql.id(nextAliasName)} ON ${sql.id(nextAliasName, "id")} = ${columnOf(kind, name, alias)}`,
    );
    kind = next;
    alias = nextAliasName;
  }
  const value = columnOf(kind, path.at(-1)!, alias);
  return sql`(SELECT ${value} FROM ${directoryTable(schemas, DIRECTORY_USER)} ${sql.id(first)} ${sql.join(joins, sql` `)}
    WHERE ${sql.id(first, "id")} = ${user})`;
}
