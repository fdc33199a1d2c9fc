import type { FieldDefinition } from "@keduo/core";
import { type RawBuilder, sql } from "kysely";
import type { Schemas } from "../../db/database.ts";
import { compileFilter } from "../filter-sql/index.ts";
import type { ObjectModel } from "../metadata/index.ts";
import type { AccessContext } from "./access-context.ts";

type Sql = RawBuilder<unknown>;

/** Where a predicate goes: the object's alias in the query, with one clock reading for relative dates. */
export interface PredicateContext {
  schemas: Schemas;
  /** Table alias of the object in the query. */
  alias: string;
  /** Org-time-zone calendar date and zone: relative dates in sharing criteria mean the same on every engine. */
  today: string;
  timeZone: string;
  /** The SQL of formula fields on `alias`; without it, criteria on formula fields cannot compile. */
  formula?: (field: FieldDefinition) => Sql;
}

export type AccessLevel = "read" | "edit";

const rank = { read: 1, edit: 2 } as const;

/**
 * Which rows of the object `access` may read or edit, as one SQL predicate over `alias` — or null when
 * nothing restricts (view/modify all, or a public org-wide default). Every grant is an OR branch: owner,
 * the owner's managers (hierarchy closure), the owner's department (team access), sharing rules (their
 * criteria compiled like any filter) and manual shares. Only ids and settings are bound, never user text.
 */
export function recordPredicate(
  access: AccessContext,
  model: ObjectModel,
  level: AccessLevel,
  context: PredicateContext,
): Sql | null {
  if (access.kind === "system" || !access.userId) return null;
  const rights = access.permissions.object(model.object.apiName);
  if (level === "read" ? rights.view_all : rights.modify_all) return null;
  const sharing = model.object.sharingDefault;
  if (sharing === "public_read_write" || (level === "read" && sharing === "public_read")) return null;
  const { alias, schemas, ...criteriaContext } = context;
  const owner = sql.id(alias, "owner_id");
  const me = access.userId;
  // Owners whose records the user reaches (self, everyone below in the hierarchy, the department when team
  // access applies) as ONE array computed once per query (an InitPlan): `owner_id = ANY(array)` is an index
  // condition the planner can estimate, where `owner_id IN (subquery)` was a per-row filter. Measured on
  // 1M records: a rep's counted page went from 319–595 ms to 111–162 ms.
  const owners = [
    sql`ARRAY[${me}::uuid]`,
    sql`ARRAY(SELECT descendant_id FROM ${sql.id(schemas.system, "user_hierarchy")} WHERE ancestor_id = ${me})`,
  ];
  const team = model.object.teamAccess;
  if (access.departmentId && team !== "none" && rank[team] >= rank[level]) {
    owners.push(
      sql`ARRAY(SELECT id FROM ${sql.id(schemas.system, "users")} WHERE department_id = ${access.departmentId})`,
    );
  }
  const branches: Sql[] = [sql`${owner} = ANY(${sql.join(owners, sql` || `)})`];
  // The pool (ADR 0024): who may claim unowned records sees them, to choose one.
  if (level === "read" && rights.claim) branches.push(sql`${owner} IS NULL`);
  for (const rule of access.rulesFor(model.object.apiName)) {
    if (rank[rule.access] >= rank[level])
      branches.push(
        compileFilter(rule.filter, {
          ...criteriaContext,
          alias,
          schemas,
          fields: model.queryable,
          // `$me` in a rule is the reader: "deals whose follower is me" are shared with each follower.
          currentUserId: access.userId,
        }),
      );
  }
  branches.push(manualShares(access, model, level, alias, schemas));
  return sql`(${sql.join(branches, sql` OR `)})`;
}

function manualShares(
  access: AccessContext,
  model: ObjectModel,
  level: AccessLevel,
  alias: string,
  schemas: Schemas,
) {
  const grantees = [access.userId!, ...access.roleIds, ...(access.departmentId ? [access.departmentId] : [])];
  const accessLevels = level === "read" ? ["read", "edit"] : ["edit"];
  // An uncorrelated array (InitPlan): `id = ANY(...)` is an index condition; a correlated EXISTS ran per row.
  return sql`${sql.id(alias, "id")} = ANY(ARRAY(SELECT s.record_id FROM ${sql.id(schemas.system, "record_shares")} s
    WHERE s.grantee_id = ANY(${grantees}::uuid[]) AND s.object = ${model.object.apiName}
      AND s.access = ANY(${accessLevels}::text[])))`;
}
