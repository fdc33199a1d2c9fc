import { DIRECTORY_DEPARTMENT, DIRECTORY_USER, type DirectoryKind, type FormulaDirectory } from "@keduo/core";
import { sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { DIRECTORY_COLUMNS, directoryTable } from "../formula-sql/index.ts";

const id = (n: number) => `0190a3b4-0000-7000-8000-00000000000${n}`;

/** Users of the differential test: a manager cycle, a self-manager, a blank name, a disabled account. */
export const DIRECTORY_USERS = [id(1), id(2), id(3)] as const;
/** A user id with no user behind it (a deleted account): everything read through it is BLANK. */
export const MISSING_USER = id(9);

const departments = [
  { id: id(4), name: "华东", parent_id: id(5) },
  { id: id(5), name: "中国区", parent_id: null },
  { id: id(6), name: "", parent_id: id(6) },
];
const users = [
  {
    id: DIRECTORY_USERS[0],
    name: "张三",
    email: "z@keduo.test",
    status: "active",
    manager: 1,
    department: 0,
  },
  { id: DIRECTORY_USERS[1], name: "", email: "B@keduo.test", status: "disabled", manager: 0, department: 2 },
  {
    id: DIRECTORY_USERS[2],
    name: "😀 e\u0301",
    email: "x@keduo.test",
    status: "active",
    manager: 2,
    department: null,
  },
] as const;

/** Puts the fixture's users and departments into the system tables of the app under test. */
export async function insertDirectory(database: Database, now: Date): Promise<void> {
  const { db } = database;
  await db
    .insertInto("departments")
    .values(
      departments.map((d) => ({ id: d.id, name: d.name, parent_id: null, position: 0, created_at: now })),
    )
    .execute();
  for (const d of departments)
    await db.updateTable("departments").set({ parent_id: d.parent_id }).where("id", "=", d.id).execute();
  await db
    .insertInto("users")
    .values(
      users.map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        status: u.status,
        department_id: u.department === null ? null : departments[u.department]!.id,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  for (const u of users)
    await db.updateTable("users").set({ manager_id: users[u.manager].id }).where("id", "=", u.id).execute();
  // Heads: 华东 is led by its own member 张三, 中国区 by the disabled user, the nameless one by nobody.
  for (const [department, head] of [
    [0, 0],
    [1, 1],
  ] as const)
    await db
      .updateTable("departments")
      .set({ head_user_id: users[head].id })
      .where("id", "=", departments[department]!.id)
      .execute();
}

/**
 * The directory as the evaluator reads it, loaded through the same column mapping the SQL joins use, so
 * the two back ends start from the same values.
 */
export async function loadDirectory(database: Database): Promise<FormulaDirectory> {
  const entries = new Map<string, Record<string, unknown>>();
  for (const kind of [DIRECTORY_USER, DIRECTORY_DEPARTMENT] as DirectoryKind[]) {
    const columns = Object.entries(DIRECTORY_COLUMNS[kind]).map(
      ([name, column]) => sql`${column("e")} AS ${sql.id(name)}`,
    );
    const { rows } = await sql<Record<string, unknown>>`
      SELECT e.id, ${sql.join(columns)} FROM ${directoryTable(database.schemas, kind)} e`.execute(
      database.db,
    );
    for (const row of rows) entries.set(`${kind}:${row.id}`, row);
  }
  return { find: (kind, entryId) => entries.get(`${kind}:${entryId}`) ?? null };
}
