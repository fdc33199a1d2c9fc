import { type Clock, type FieldIssue, KeduoError, uuidv7 } from "@keduo/core";
import type { ServerConfig } from "../../config.ts";
import type { Database, Trx } from "../../db/database.ts";
import { checkPasswordPolicy, generatePassword, hashPassword } from "./passwords.ts";
import { deleteUserSessions } from "./sessions.ts";
import { normaliseEmail } from "./user-input.ts";
import {
  ADMIN_ROLE,
  addUserRole,
  anyUserHasRole,
  findRoleIds,
  findUserIdByEmail,
  insertUser,
  lockAdminMembership,
  updateUserRow,
} from "./users.ts";

export const DEFAULT_ADMIN_EMAIL = "admin@keduo.local";

export interface FirstAdmin {
  email: string;
  /** Set only when Keduo generated the password: print it once. */
  generatedPassword: string | null;
  /** False when an existing user was given the admin role instead. */
  created: boolean;
}

export interface AdminGrant {
  email: string;
  name?: string;
  /** Absent: a new user gets a generated one; an existing user keeps theirs. */
  password?: string | null;
  now: Date;
}

/**
 * Creates an active admin user, or gives the admin role to the user with that email (re-activating
 * them, and setting the password when one is given: this is also the way back in after a lost password).
 */
export async function createOrPromoteAdmin(trx: Trx, grant: AdminGrant): Promise<FirstAdmin> {
  const issues: FieldIssue[] = [];
  const email = normaliseEmail(issues, "email", grant.email);
  const passwordIssue = grant.password ? checkPasswordPolicy("password", grant.password) : null;
  if (passwordIssue) issues.push(passwordIssue);
  if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
  const adminRoleId = (await findRoleIds(trx, [ADMIN_ROLE])).get(ADMIN_ROLE);
  if (!adminRoleId) throw new Error("the admin role is missing: run the migrations first");
  await lockAdminMembership(trx);
  const existingId = await findUserIdByEmail(trx, email);
  if (existingId) {
    const passwordHash = grant.password ? await hashPassword(grant.password) : undefined;
    await updateUserRow(trx, existingId, { status: "active", passwordHash, name: grant.name }, grant.now);
    if (passwordHash) await deleteUserSessions(trx, existingId);
    await addUserRole(trx, existingId, adminRoleId);
    return { email, generatedPassword: null, created: false };
  }
  const password = grant.password || generatePassword();
  const id = uuidv7(grant.now.getTime());
  await insertUser(trx, {
    id,
    email,
    name: grant.name ?? "Administrator",
    departmentId: null,
    managerId: null,
    passwordHash: await hashPassword(password),
    locale: null,
    now: grant.now,
  });
  await addUserRole(trx, id, adminRoleId);
  return { email, generatedPassword: grant.password ? null : password, created: true };
}

/**
 * On a database where nobody holds the admin role, creates the first admin from the configuration.
 * Returns null when there already is one. Several instances starting at once serialise on the
 * advisory lock, so exactly one of them creates it.
 */
export async function ensureFirstAdmin(deps: {
  database: Database;
  clock: Clock;
  config: ServerConfig;
}): Promise<FirstAdmin | null> {
  const { database, clock, config } = deps;
  return database.db.transaction().execute(async (trx) => {
    await lockAdminMembership(trx);
    if (await anyUserHasRole(trx, ADMIN_ROLE)) return null;
    return createOrPromoteAdmin(trx, {
      email: config.adminEmail ?? DEFAULT_ADMIN_EMAIL,
      password: config.adminPassword,
      now: clock.now(),
    });
  });
}
