import { sql } from "kysely";
import type { Db, Trx } from "../../db/database.ts";
import type { UserIdentity } from "./access-context.ts";

/**
 * An active user's identity (department, role names), for rights built away from a request: an engine
 * writing on their behalf, an import job. Null when the user does not exist or is disabled, so a user
 * disabled since the work was queued does nothing more.
 */
export async function activeUserIdentity(executor: Db | Trx, userId: string): Promise<UserIdentity | null> {
  const row = await executor
    .selectFrom("users")
    .select((eb) => [
      "users.id",
      "users.department_id",
      eb
        .selectFrom("user_roles")
        .innerJoin("roles", "roles.id", "user_roles.role_id")
        .whereRef("user_roles.user_id", "=", "users.id")
        .select(sql<string[]>`coalesce(array_agg(roles.api_name ORDER BY roles.api_name), '{}')`.as("names"))
        .as("roles"),
    ])
    .where("users.id", "=", userId)
    .where("users.status", "=", "active")
    .executeTakeFirst();
  return row ? { userId: row.id, departmentId: row.department_id, roles: row.roles ?? [] } : null;
}
