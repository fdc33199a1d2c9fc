import { type ExpressionBuilder, sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";
import type { SystemTables } from "../../db/system-tables.ts";
import { nameSearchKeys } from "./name-keys.ts";

export const ADMIN_ROLE = "admin";
// Serialises every change of who is an active admin (first-admin seeding, disabling, demoting), so two
// concurrent requests cannot each see "another admin remains" and together remove the last one.
const ADMIN_MEMBERSHIP_LOCK_KEY = 4_242_010;

export type UserStatus = "active" | "disabled";

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  locale: string | null;
  status: UserStatus;
  roles: string[];
  department_id: string | null;
  manager_id: string | null;
  /** "YYYY-MM-DD": on leave until this day (assignment rules pass them over); null when not away. */
  away_until: string | null;
  created_at: string;
  updated_at: string;
}

/** Role api_names of `users.id`, as one correlated subquery (no N+1 on lists). */
export function rolesOfUser(eb: ExpressionBuilder<SystemTables, "users">) {
  return eb
    .selectFrom("user_roles")
    .innerJoin("roles", "roles.id", "user_roles.role_id")
    .whereRef("user_roles.user_id", "=", "users.id")
    .select(sql<string[]>`coalesce(array_agg(roles.api_name ORDER BY roles.api_name), '{}')`.as("names"))
    .as("roles");
}

function selectUsers(db: Db) {
  return db
    .selectFrom("users")
    .select((eb) => [
      "users.id",
      "users.email",
      "users.name",
      "users.locale",
      "users.status",
      "users.department_id",
      "users.manager_id",
      sql<string | null>`to_char(users.away_until, 'YYYY-MM-DD')`.as("away_until"),
      "users.created_at",
      "users.updated_at",
      rolesOfUser(eb),
    ]);
}

type UserRow = Awaited<ReturnType<ReturnType<typeof selectUsers>["executeTakeFirstOrThrow"]>>;

function toView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    status: row.status,
    roles: row.roles ?? [],
    department_id: row.department_id,
    manager_id: row.manager_id,
    away_until: row.away_until,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export async function findUserView(db: Db, id: string): Promise<UserView | null> {
  const row = await selectUsers(db).where("users.id", "=", id).executeTakeFirst();
  return row ? toView(row) : null;
}

export async function listUserViews(
  db: Db,
  page: { limit: number; after: string | null },
): Promise<UserView[]> {
  let query = selectUsers(db).orderBy("users.id").limit(page.limit);
  if (page.after) query = query.where("users.id", ">", page.after);
  return (await query.execute()).map(toView);
}

function lowerEmail(email: string) {
  return sql<boolean>`lower(${sql.ref("users.email")}) = ${email.toLowerCase()}`;
}

export async function findUserForLogin(db: Db, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "status", "password_hash"])
    .where(lowerEmail(email))
    .executeTakeFirst();
}

export async function findUserIdByEmail(db: Db, email: string): Promise<string | null> {
  const row = await db.selectFrom("users").select("id").where(lowerEmail(email)).executeTakeFirst();
  return row?.id ?? null;
}

export async function findPasswordHash(db: Db, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirst();
  return row?.password_hash ?? null;
}

export interface NewUser {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  locale: string | null;
  departmentId: string | null;
  managerId: string | null;
  now: Date;
}

export async function insertUser(trx: Trx, user: NewUser): Promise<void> {
  await trx
    .insertInto("users")
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      search_keys: nameSearchKeys(user.name),
      password_hash: user.passwordHash,
      status: "active",
      locale: user.locale,
      department_id: user.departmentId,
      manager_id: user.managerId,
      created_at: user.now,
      updated_at: user.now,
    })
    .execute();
}

export interface UserChanges {
  email?: string;
  name?: string;
  status?: UserStatus;
  locale?: string | null;
  passwordHash?: string;
  departmentId?: string | null;
  managerId?: string | null;
  awayUntil?: string | null;
}

export async function updateUserRow(
  trx: Trx,
  userId: string,
  changes: UserChanges,
  now: Date,
): Promise<void> {
  await trx
    .updateTable("users")
    .set({
      ...(changes.email !== undefined && { email: changes.email }),
      ...(changes.name !== undefined && { name: changes.name, search_keys: nameSearchKeys(changes.name) }),
      ...(changes.status !== undefined && { status: changes.status }),
      ...(changes.locale !== undefined && { locale: changes.locale }),
      ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
      ...(changes.departmentId !== undefined && { department_id: changes.departmentId }),
      ...(changes.managerId !== undefined && { manager_id: changes.managerId }),
      ...(changes.awayUntil !== undefined && { away_until: changes.awayUntil }),
      updated_at: now,
    })
    .where("id", "=", userId)
    .execute();
}

/** Role ids by api_name; names that are not roles are left out, so the caller can report them. */
export async function findRoleIds(db: Db, apiNames: readonly string[]): Promise<Map<string, string>> {
  if (apiNames.length === 0) return new Map();
  const rows = await db
    .selectFrom("roles")
    .select(["id", "api_name"])
    .where("api_name", "in", apiNames)
    .execute();
  return new Map(rows.map((row) => [row.api_name, row.id]));
}

export async function replaceUserRoles(trx: Trx, userId: string, roleIds: readonly string[]): Promise<void> {
  await trx.deleteFrom("user_roles").where("user_id", "=", userId).execute();
  if (roleIds.length === 0) return;
  await trx
    .insertInto("user_roles")
    .values(roleIds.map((roleId) => ({ user_id: userId, role_id: roleId })))
    .execute();
}

export async function addUserRole(trx: Trx, userId: string, roleId: string): Promise<void> {
  await trx
    .insertInto("user_roles")
    .values({ user_id: userId, role_id: roleId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function lockAdminMembership(trx: Trx): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${ADMIN_MEMBERSHIP_LOCK_KEY})`.execute(trx);
}

/** Active admins other than `exceptUserId` (null: all of them). */
export async function countActiveAdmins(db: Db, exceptUserId: string | null): Promise<number> {
  let query = db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .innerJoin("roles", "roles.id", "user_roles.role_id")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("roles.api_name", "=", ADMIN_ROLE)
    .where("users.status", "=", "active");
  if (exceptUserId) query = query.where("users.id", "<>", exceptUserId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function anyUserHasRole(db: Db, roleName: string): Promise<boolean> {
  const row = await db
    .selectFrom("user_roles")
    .innerJoin("roles", "roles.id", "user_roles.role_id")
    .select("user_roles.user_id")
    .where("roles.api_name", "=", roleName)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Rebuilds the manager-hierarchy closure (ancestor, descendant, depth ≥ 1) so "records of my team" is an
 * indexed lookup. Organisations have hundreds of users, so a full rebuild per manager change is cheap.
 */
export async function rebuildUserHierarchy(trx: Trx, schemas: Schemas): Promise<void> {
  const users = sql.id(schemas.system, "users");
  await trx.deleteFrom("user_hierarchy").execute();
  await sql`INSERT INTO ${sql.id(schemas.system, "user_hierarchy")} (ancestor_id, descendant_id, depth)
    WITH RECURSIVE chain (ancestor_id, descendant_id, depth) AS (
      SELECT manager_id, id, 1 FROM ${users} WHERE manager_id IS NOT NULL
      UNION ALL
      SELECT u.manager_id, chain.descendant_id, chain.depth + 1
      FROM chain JOIN ${users} u ON u.id = chain.ancestor_id
      WHERE u.manager_id IS NOT NULL AND chain.depth < 50)
    SELECT DISTINCT ON (ancestor_id, descendant_id) ancestor_id, descendant_id, depth FROM chain
    ORDER BY ancestor_id, descendant_id, depth`.execute(trx);
}

/** Whether making `managerId` the manager of `userId` would close a loop. */
export async function wouldCycle(db: Db, userId: string, managerId: string): Promise<boolean> {
  if (userId === managerId) return true;
  const row = await db
    .selectFrom("user_hierarchy")
    .select("depth")
    .where("ancestor_id", "=", userId)
    .where("descendant_id", "=", managerId)
    .executeTakeFirst();
  return row !== undefined;
}
