import { type CheckedCondition, CURRENT_USER, CURRENT_USER_TEAM } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { departmentMembersSql } from "../../db/org-tree-sql.ts";

type Sql = RawBuilder<unknown>;

/** An id no user has: what `$me` stands for when nobody is reading (the system). */
const NOBODY = "00000000-0000-0000-0000-000000000000";

/** The reader the tokens stand for; none (the system) matches no one. */
interface Reader {
  schemas: Schemas;
  currentUserId?: string | null | undefined;
}

/** A condition on a user field with `$me` replaced by the reader's id (`$my_team` stays for `teamSql`). */
export function withReader(condition: CheckedCondition, reader: Reader): CheckedCondition {
  if (condition.field.type !== "user") return condition;
  const me = (value: unknown) => (value === CURRENT_USER ? (reader.currentUserId ?? NOBODY) : value);
  if (condition.kind === "compare") return { ...condition, value: me(condition.value) };
  if (condition.kind === "in") return { ...condition, values: condition.values.map(me) };
  return condition;
}

/**
 * `$my_team` in an `eq`/`neq`/`in`/`nin` on a user field, as a predicate on `value`; null when the condition
 * does not name it. The team is computed once per statement (an uncorrelated ARRAY, an InitPlan), from the
 * reader's department as it is now — so a shared view lists each reader their own team, and a move to
 * another department shows at once.
 */
export function teamConditionSql(condition: CheckedCondition, reader: Reader, value: Sql): Sql | null {
  if (condition.field.type !== "user") return null;
  if (condition.kind === "compare" && condition.value === CURRENT_USER_TEAM) {
    const inTeam = sql`${value} = ANY(${teamSql(reader)})`;
    // `neq` is true for blanks too, like every other `neq`.
    return condition.operator === "neq" ? sql`(${value} IS NULL OR NOT ${inTeam})` : inTeam;
  }
  if (condition.kind === "in" && condition.values.includes(CURRENT_USER_TEAM)) {
    const ids = condition.values.filter((v) => v !== CURRENT_USER_TEAM);
    const match = sql`${value} = ANY(${ids}::uuid[] || ${teamSql(reader)})`;
    return condition.negated ? sql`(${value} IS NULL OR NOT ${match})` : match;
  }
  return null;
}

/** The reader and every user in the reader's department or below it, as one uuid[] expression. */
function teamSql(reader: Reader): Sql {
  const me = reader.currentUserId ?? NOBODY;
  const department = sql`SELECT department_id FROM ${sql.id(reader.schemas.system, "users")} WHERE id = ${me}::uuid`;
  return sql`(ARRAY(${departmentMembersSql(reader.schemas, department)}) || ARRAY[${me}::uuid])`;
}
