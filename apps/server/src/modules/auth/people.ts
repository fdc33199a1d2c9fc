import type { Person } from "@keduo/core";
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { nameSearchKeys } from "./name-keys.ts";

export interface PeopleQuery {
  /** Part of a name, its pinyin or initials (`zs`, `zhang`, `张`). */
  q?: string;
  /** These people (names for ids on a page), disabled ones included. */
  ids?: readonly string[];
  /** Members of this department (not of its sub-departments). */
  departmentId?: string;
  limit: number;
}

export const PEOPLE_LIMITS = { maxLimit: 200, maxIds: 200, maxQuery: 100 } as const;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * People by search or by ids, in two statements at most (the people, then — for user managers — their roles).
 * A search lists active people, those whose name starts with the text first; ids list whoever they name.
 */
export async function findPeople(
  db: Db,
  query: PeopleQuery,
  options: { withContact: boolean },
): Promise<Person[]> {
  let select = db
    .selectFrom("users as u")
    .leftJoin("departments as d", "d.id", "u.department_id")
    .select(["u.id", "u.name", "u.email", "u.status", "d.id as department_id", "d.name as department_name"]);
  if (query.ids) select = select.where("u.id", "in", query.ids.length ? [...query.ids] : [""]);
  else select = select.where("u.status", "=", "active");
  if (query.departmentId) select = select.where("u.department_id", "=", query.departmentId);
  const text = query.q?.trim().toLowerCase();
  if (text) {
    const contains = `%${escapeLike(text)}%`;
    select = select
      .where((eb) =>
        eb.or([
          eb(sql`lower(u.name)`, "like", contains),
          eb(sql`coalesce(u.search_keys, lower(u.name))`, "like", contains),
        ]),
      )
      .orderBy(sql`lower(u.name) LIKE ${`${escapeLike(text)}%`}`, "desc");
  }
  const rows = await select.orderBy("u.name").orderBy("u.id").limit(query.limit).execute();
  const roles = options.withContact
    ? await rolesOf(
        db,
        rows.map((r) => r.id),
      )
    : new Map<string, string[]>();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    active: row.status === "active",
    department: row.department_id ? { id: row.department_id, name: row.department_name ?? "" } : null,
    ...(options.withContact ? { email: row.email, roles: roles.get(row.id) ?? [] } : {}),
  }));
}

async function rolesOf(db: Db, userIds: string[]): Promise<Map<string, string[]>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("user_roles")
    .innerJoin("roles", "roles.id", "user_roles.role_id")
    .select(["user_roles.user_id", "roles.api_name"])
    .where("user_roles.user_id", "in", userIds)
    .orderBy("roles.api_name")
    .execute();
  const byUser = new Map<string, string[]>();
  for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.api_name]);
  return byUser;
}

/** Computes the search keys of people who have none (created before keys existed), in batches. */
export async function fillMissingSearchKeys(db: Db): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await db
      .selectFrom("users")
      .select(["id", "name"])
      .where("search_keys", "is", null)
      .limit(500)
      .execute();
    if (rows.length === 0) return filled;
    for (const row of rows)
      await db
        .updateTable("users")
        .set({ search_keys: nameSearchKeys(row.name) })
        .where("id", "=", row.id)
        .execute();
    filled += rows.length;
  }
}
