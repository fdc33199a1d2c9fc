import { type FieldIssue, KeduoError, uuidv7 } from "@keduo/core";
import type { Db, Schemas, Trx } from "../../db/database.ts";
import type { Principal } from "../access/index.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./passwords.ts";
import { deleteUserSessions } from "./sessions.ts";
import {
  checkLocale,
  emailTakenIssue,
  isUniqueViolation,
  normaliseEmail,
  normaliseName,
  resolveRoles,
} from "./user-input.ts";
import {
  ADMIN_ROLE,
  countActiveAdmins,
  findPasswordHash,
  findUserIdByEmail,
  findUserView,
  insertUser,
  lockAdminMembership,
  rebuildUserHierarchy,
  replaceUserRoles,
  type UserChanges,
  type UserStatus,
  type UserView,
  updateUserRow,
  wouldCycle,
} from "./users.ts";

export interface OrgPlacement {
  department_id?: string | null;
  manager_id?: string | null;
}

export interface CreateUserInput extends OrgPlacement {
  email: string;
  name: string;
  password: string;
  roles?: string[];
  locale?: string | null;
}

export interface UpdateUserInput extends OrgPlacement {
  email?: string;
  name?: string;
  status?: UserStatus;
  roles?: string[];
  locale?: string | null;
  password?: string;
  /** On leave until this day ("YYYY-MM-DD"), or null when back. */
  away_until?: string | null;
}

/** New users without roles get the member role: they can work with records, within the sharing model. */
const DEFAULT_ROLES = ["member"];

/** Department and manager must exist; a manager chain must not loop back to the user. */
async function checkPlacement(
  db: Db,
  issues: FieldIssue[],
  userId: string,
  input: OrgPlacement,
): Promise<void> {
  if (input.department_id) {
    const department = await db
      .selectFrom("departments")
      .select("id")
      .where("id", "=", input.department_id)
      .executeTakeFirst();
    if (!department)
      issues.push({
        field: "department_id",
        code: "invalid_reference",
        params: { value: input.department_id },
      });
  }
  if (input.manager_id) {
    const manager = await db
      .selectFrom("users")
      .select("id")
      .where("id", "=", input.manager_id)
      .executeTakeFirst();
    if (!manager)
      issues.push({ field: "manager_id", code: "invalid_reference", params: { value: input.manager_id } });
    else if (await wouldCycle(db, userId, input.manager_id)) {
      issues.push({
        field: "manager_id",
        code: "manager_cycle",
        message: { "zh-CN": "上级关系不能形成循环", en: "A manager chain cannot loop back to the user" },
      });
    }
  }
}

export interface UpdateProfileInput {
  name?: string;
  locale?: string | null;
  password?: string;
  current_password?: string;
}

function throwIfIssues(issues: FieldIssue[]): void {
  if (issues.length) throw new KeduoError("VALIDATION_FAILED", { issues });
}

function emailTaken(email: string): KeduoError {
  return new KeduoError("USER_EMAIL_TAKEN", { params: { email }, issues: [emailTakenIssue("email", email)] });
}

export async function createUser(
  trx: Trx,
  input: CreateUserInput,
  now: Date,
  schemas: Schemas,
): Promise<UserView> {
  const issues: FieldIssue[] = [];
  const email = normaliseEmail(issues, "email", input.email);
  const name = normaliseName(issues, "name", input.name);
  const passwordIssue = checkPasswordPolicy("password", input.password);
  if (passwordIssue) issues.push(passwordIssue);
  const locale = checkLocale(issues, "locale", input.locale ?? null);
  const roleIds = await resolveRoles(trx, issues, "roles", input.roles ?? DEFAULT_ROLES);
  const id = uuidv7(now.getTime());
  await checkPlacement(trx, issues, id, input);
  throwIfIssues(issues);
  if (await findUserIdByEmail(trx, email)) throw emailTaken(email);

  const departmentId = input.department_id ?? null;
  const managerId = input.manager_id ?? null;
  try {
    const passwordHash = await hashPassword(input.password);
    await insertUser(trx, { id, email, name, passwordHash, locale, departmentId, managerId, now });
  } catch (error) {
    // Another request created the same email between our check and the insert.
    if (isUniqueViolation(error)) throw emailTaken(email);
    throw error;
  }
  await replaceUserRoles(trx, id, roleIds);
  if (managerId) await rebuildUserHierarchy(trx, schemas);
  return (await findUserView(trx, id))!;
}

export async function findUserOrThrow(db: Db, id: string): Promise<UserView> {
  const user = await findUserView(db, id);
  if (!user) throw new KeduoError("NOT_FOUND");
  return user;
}

/** An admin changes another user (or themselves); keeps at least one active admin. */
export async function updateUser(
  trx: Trx,
  actor: Principal,
  userId: string,
  input: UpdateUserInput,
  now: Date,
  schemas: Schemas,
): Promise<UserView> {
  const before = await findUserOrThrow(trx, userId);
  const issues: FieldIssue[] = [];
  const changes: UserChanges = {};
  if (input.email !== undefined) changes.email = normaliseEmail(issues, "email", input.email);
  if (input.name !== undefined) changes.name = normaliseName(issues, "name", input.name);
  if (input.locale !== undefined) changes.locale = checkLocale(issues, "locale", input.locale);
  if (input.status !== undefined) changes.status = input.status;
  if (input.password !== undefined) {
    const passwordIssue = checkPasswordPolicy("password", input.password);
    if (passwordIssue) issues.push(passwordIssue);
  }
  const roleIds = input.roles ? await resolveRoles(trx, issues, "roles", input.roles) : null;
  await checkPlacement(trx, issues, userId, input);
  if (input.department_id !== undefined) changes.departmentId = input.department_id;
  if (input.manager_id !== undefined) changes.managerId = input.manager_id;
  if (input.away_until !== undefined) changes.awayUntil = input.away_until;
  throwIfIssues(issues);
  if (changes.email !== undefined) {
    const holder = await findUserIdByEmail(trx, changes.email);
    if (holder && holder !== userId) throw emailTaken(changes.email);
  }

  const disabling = before.status === "active" && changes.status === "disabled";
  if (disabling && userId === actor.userId) throw new KeduoError("CANNOT_DISABLE_SELF");
  const wasActiveAdmin = before.status === "active" && before.roles.includes(ADMIN_ROLE);
  const staysActive = (changes.status ?? before.status) === "active";
  const staysAdmin = (input.roles ?? before.roles).includes(ADMIN_ROLE);
  if (wasActiveAdmin && !(staysActive && staysAdmin)) {
    await lockAdminMembership(trx);
    if ((await countActiveAdmins(trx, userId)) === 0) throw new KeduoError("LAST_ADMIN_REQUIRED");
  }

  if (input.password !== undefined) changes.passwordHash = await hashPassword(input.password);
  try {
    await updateUserRow(trx, userId, changes, now);
  } catch (error) {
    // Another request took the same email between our check and the update.
    if (changes.email !== undefined && isUniqueViolation(error)) throw emailTaken(changes.email);
    throw error;
  }
  if (roleIds) await replaceUserRoles(trx, userId, roleIds);
  if (changes.managerId !== undefined && changes.managerId !== before.manager_id)
    await rebuildUserHierarchy(trx, schemas);
  // A disabled user or a reset password must not leave sessions behind (tokens stop via the status check).
  if (disabling || changes.passwordHash) await deleteUserSessions(trx, userId);
  return findUserOrThrow(trx, userId);
}

/** A user changes their own name, locale or password; a new password needs the current one. */
export async function updateOwnProfile(
  trx: Trx,
  principal: Principal,
  input: UpdateProfileInput,
  now: Date,
): Promise<UserView> {
  const issues: FieldIssue[] = [];
  const changes: UserChanges = {};
  if (input.name !== undefined) changes.name = normaliseName(issues, "name", input.name);
  if (input.locale !== undefined) changes.locale = checkLocale(issues, "locale", input.locale);
  if (input.password !== undefined) {
    const passwordIssue = checkPasswordPolicy("password", input.password);
    if (passwordIssue) issues.push(passwordIssue);
    const currentHash = await findPasswordHash(trx, principal.userId);
    if (input.current_password === undefined) {
      issues.push({ field: "current_password", code: "required" });
    } else if (!currentHash || !(await verifyPassword(currentHash, input.current_password))) {
      issues.push({
        field: "current_password",
        code: "wrong_password",
        message: { "zh-CN": "当前密码不正确", en: "The current password is incorrect" },
      });
    }
  }
  throwIfIssues(issues);
  if (input.password !== undefined) changes.passwordHash = await hashPassword(input.password);
  await updateUserRow(trx, principal.userId, changes, now);
  // Other devices signed in with the old password are signed out; this one stays.
  if (changes.passwordHash) await deleteUserSessions(trx, principal.userId, principal.sessionId);
  return findUserOrThrow(trx, principal.userId);
}
