import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "./database.ts";

type Sql = RawBuilder<unknown>;

/** Trees deeper than this are not organisations but loops; every walk of the department tree stops here. */
export const MAX_TREE_DEPTH = 64;

/**
 * The ids of the users whose department lies at or below the department `root` selects (one column, at most
 * one row; none selects nobody), as a subquery: one recursive CTE, whatever the depth. The directory's
 * "members of a department" and the filter token `$my_team` both read it, so the two cannot disagree about
 * who belongs to a team.
 * @example sql`SELECT name FROM users WHERE id IN (${departmentMembersSql(schemas, sql`SELECT ${id}::uuid`)})`
 */
export function departmentMembersSql(
  schemas: Schemas,
  root: Sql,
  options: { includeSubdepartments: boolean } = { includeSubdepartments: true },
): Sql {
  const users = sql.id(schemas.system, "users");
  const departments = sql.id(schemas.system, "departments");
  return sql`WITH RECURSIVE tree (id, depth) AS (
      SELECT id, 0 FROM ${departments} WHERE id = (${root})
      UNION ALL
      SELECT d.id, tree.depth + 1 FROM tree JOIN ${departments} d ON d.parent_id = tree.id
      WHERE ${options.includeSubdepartments}::boolean AND tree.depth < ${MAX_TREE_DEPTH})
    SELECT member.id FROM ${users} member WHERE member.department_id IN (SELECT id FROM tree)`;
}
