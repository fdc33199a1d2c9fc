import { type RawBuilder, sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";
import { departmentMembersSql, MAX_TREE_DEPTH as MAX_DEPTH } from "../../db/org-tree-sql.ts";

/** A person in the organisation as the engines route work to them. */
export interface DirectoryUser {
  id: string;
  name: string;
  email: string;
  departmentId: string | null;
  managerId: string | null;
  /** Disabled users stay in the org chart; whether one may still be routed to is the caller's rule. */
  active: boolean;
}

/** A department's head, and which department of the chain they head. */
export interface DepartmentHead {
  departmentId: string;
  head: DirectoryUser;
}

interface UserRow {
  id: string;
  name: string;
  email: string;
  department_id: string | null;
  manager_id: string | null;
  status: string;
}

const toUser = (row: UserRow): DirectoryUser => ({
  id: row.id,
  name: row.name,
  email: row.email,
  departmentId: row.department_id,
  managerId: row.manager_id,
  active: row.status === "active",
});

/**
 * The org chart as the engines ask about it (approvers, assignees, escalations): managers up the chain,
 * department heads, department members. Each answer is ONE SQL statement (a recursive CTE), whatever the
 * depth of the tree, on the executor the caller passes: inside a write, its transaction.
 */
export class DirectoryService {
  private readonly schemas: Schemas;

  constructor(deps: { schemas: Schemas }) {
    this.schemas = deps.schemas;
  }

  /** The user's manager `levels` steps up (1: the direct manager), or null when the chain is shorter. */
  async managerOf(executor: Db | Trx, userId: string, levels = 1): Promise<DirectoryUser | null> {
    if (!Number.isInteger(levels) || levels < 1 || levels > MAX_DEPTH) return null;
    const rows = await this.managerChain(executor, userId, levels, sql`WHERE chain.depth = ${levels}`);
    return rows[0] ?? null;
  }

  /** The user's managers, nearest first, at most `levels` of them. */
  async managersOf(executor: Db | Trx, userId: string, levels = MAX_DEPTH): Promise<DirectoryUser[]> {
    const depth = Math.max(0, Math.min(Math.trunc(levels), MAX_DEPTH));
    if (depth === 0) return [];
    return this.managerChain(executor, userId, depth, sql``);
  }

  private async managerChain(
    executor: Db | Trx,
    userId: string,
    levels: number,
    where: RawBuilder<unknown>,
  ): Promise<DirectoryUser[]> {
    const users = sql.id(this.schemas.system, "users");
    const { rows } = await sql<UserRow>`
      WITH RECURSIVE chain (id, depth) AS (
        SELECT manager_id, 1 FROM ${users} WHERE id = ${userId} AND manager_id IS NOT NULL
        UNION ALL
        SELECT u.manager_id, chain.depth + 1 FROM chain JOIN ${users} u ON u.id = chain.id
        WHERE u.manager_id IS NOT NULL AND chain.depth < ${levels})
      SELECT u.id, u.name, u.email, u.department_id, u.manager_id, u.status
      FROM chain JOIN ${users} u ON u.id = chain.id ${where}
      ORDER BY chain.depth`.execute(executor);
    return rows.map(toUser);
  }

  /**
   * The head of the user's department, or — when that department has none — of the nearest department above
   * that has one. Null when the user has no department or no department of the chain has a head. A user who
   * heads their own department gets themselves: `departmentHeadsOf` gives the whole chain to skip them.
   */
  async departmentHeadOf(executor: Db | Trx, userId: string): Promise<DepartmentHead | null> {
    return (await this.headChain(executor, userId, sql`LIMIT 1`))[0] ?? null;
  }

  /** The heads of the user's department and of each department above it, nearest first (headless skipped). */
  async departmentHeadsOf(executor: Db | Trx, userId: string): Promise<DepartmentHead[]> {
    return this.headChain(executor, userId, sql``);
  }

  private async headChain(
    executor: Db | Trx,
    userId: string,
    limit: RawBuilder<unknown>,
  ): Promise<DepartmentHead[]> {
    const users = sql.id(this.schemas.system, "users");
    const departments = sql.id(this.schemas.system, "departments");
    const { rows } = await sql<UserRow & { head_of: string }>`
      WITH RECURSIVE up (id, parent_id, head_user_id, depth) AS (
        SELECT d.id, d.parent_id, d.head_user_id, 0
        FROM ${users} member JOIN ${departments} d ON d.id = member.department_id
        WHERE member.id = ${userId}
        UNION ALL
        SELECT d.id, d.parent_id, d.head_user_id, up.depth + 1
        FROM up JOIN ${departments} d ON d.id = up.parent_id
        WHERE up.depth < ${MAX_DEPTH})
      SELECT up.id AS head_of, u.id, u.name, u.email, u.department_id, u.manager_id, u.status
      FROM up JOIN ${users} u ON u.id = up.head_user_id
      ORDER BY up.depth ${limit}`.execute(executor);
    return rows.map((row) => ({ departmentId: row.head_of, head: toUser(row) }));
  }

  /** Everyone in the department, and in every department below it when asked to; ordered by name. */
  async departmentMembers(
    executor: Db | Trx,
    departmentId: string,
    options: { includeSubdepartments: boolean },
  ): Promise<DirectoryUser[]> {
    const users = sql.id(this.schemas.system, "users");
    const members = departmentMembersSql(this.schemas, sql`SELECT ${departmentId}::uuid`, options);
    const { rows } = await sql<UserRow>`
      SELECT u.id, u.name, u.email, u.department_id, u.manager_id, u.status
      FROM ${users} u WHERE u.id IN (${members})
      ORDER BY u.name, u.id`.execute(executor);
    return rows.map(toUser);
  }

  /** Whether the department lies at or below `ancestorId` in the tree (one statement, for cycle checks). */
  async isWithin(executor: Db | Trx, departmentId: string, ancestorId: string): Promise<boolean> {
    const departments = sql.id(this.schemas.system, "departments");
    const { rows } = await sql<{ found: boolean }>`
      WITH RECURSIVE up (id, parent_id, depth) AS (
        SELECT id, parent_id, 0 FROM ${departments} WHERE id = ${departmentId}
        UNION ALL
        SELECT d.id, d.parent_id, up.depth + 1 FROM up JOIN ${departments} d ON d.id = up.parent_id
        WHERE up.depth < ${MAX_DEPTH})
      SELECT EXISTS (SELECT 1 FROM up WHERE id = ${ancestorId}) AS found`.execute(executor);
    return rows[0]?.found === true;
  }
}
