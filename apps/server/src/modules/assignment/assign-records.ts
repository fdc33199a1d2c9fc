import {
  type AssignmentDecision,
  type AssignmentFilter,
  type AssignmentPool,
  type AssignmentRule,
  type MetadataSnapshot,
  readFilter,
} from "@keduo/core";
import { sql } from "kysely";
import type { Schemas, Trx } from "../../db/database.ts";
import type { DirectoryService } from "../access/index.ts";
import { filterToSql } from "../filter-sql/index.ts";
import { objectModel } from "../metadata/index.ts";
import type { ActingWrites } from "../records/index.ts";
import { objectTable } from "../schema-sync/index.ts";
import { readConditionSql } from "../validation/index.ts";
import { insertDecisions, loadRules, lockRuleState, saveRuleState } from "./assignment-rows.ts";
import { type Candidate, chooseAssignee } from "./choose-assignee.ts";
import { decisionSummary } from "./decision-summary.ts";

export interface AssignContext {
  trx: Trx;
  schemas: Schemas;
  snapshot: MetadataSnapshot;
  directory: DirectoryService;
  timeZone: string;
  now: Date;
  today: string;
  /** Who the owner changes are written as (the automation's actor, or the user who asked). */
  writes: ActingWrites;
}

interface Person {
  id: string;
  name: string;
  away: boolean;
}

/** The active people of a rule's pool in a stable order; away ones marked (they are listed, not chosen). */
async function poolPeople(ctx: AssignContext, pool: AssignmentPool): Promise<Person[]> {
  const users = sql.id(ctx.schemas.system, "users");
  let ids: string[];
  if (pool.kind === "users") ids = pool.users;
  else if (pool.kind === "department")
    ids = (
      await ctx.directory.departmentMembers(ctx.trx, pool.department, {
        includeSubdepartments: pool.include_children,
      })
    ).map((u) => u.id);
  else {
    const { rows } = await sql<{ id: string }>`SELECT u.id FROM ${users} u
      JOIN ${sql.id(ctx.schemas.system, "user_roles")} ur ON ur.user_id = u.id
      JOIN ${sql.id(ctx.schemas.system, "roles")} r ON r.id = ur.role_id
      WHERE r.api_name = ${pool.role} ORDER BY u.name, u.id`.execute(ctx.trx);
    ids = rows.map((row) => row.id);
  }
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: string; name: string; away: boolean }>`
    SELECT id, name, coalesce(away_until >= ${ctx.today}::date, false) AS away FROM ${users}
    WHERE id = ANY(${ids}::uuid[]) AND status = 'active'`.execute(ctx.trx);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * A rule's field conditions on row `t`, ANDed with its formula. A filter that no longer checks (a field since
 * deleted) matches nothing, as a formula that no longer checks does: the rule is skipped, not the request.
 */
function ruleConditionSql(
  ctx: AssignContext,
  object: string,
  formula: string | null,
  filter: AssignmentFilter | null,
) {
  const byFormula = readConditionSql(ctx, object, "t", formula);
  const definition = ctx.snapshot.objects.get(object);
  if (!filter || !definition) return byFormula;
  const read = readFilter(filter, objectModel(definition).queryable);
  if (!read.ok) return sql`FALSE`;
  const scope = { schemas: ctx.schemas, alias: "t", today: ctx.today, timeZone: ctx.timeZone };
  return sql`(${byFormula} AND ${filterToSql(read.filter, scope)})`;
}

/** Open records per person, in one grouped count (what counts as open is the rule's condition). */
async function loads(
  ctx: AssignContext,
  rule: AssignmentRule,
  people: Person[],
): Promise<Map<string, number>> {
  const condition = ruleConditionSql(ctx, rule.object, rule.open_condition, rule.open_filter);
  const { rows } = await sql<{ owner_id: string; open: string }>`
    SELECT t.owner_id, count(*) AS open FROM ${objectTable(ctx.schemas, rule.object)} t
    WHERE t.deleted_at IS NULL AND t.owner_id = ANY(${people.map((p) => p.id)}::uuid[]) AND ${condition}
    GROUP BY t.owner_id`.execute(ctx.trx);
  return new Map(rows.map((row) => [row.owner_id, Number(row.open)]));
}

/** For each record, the first rule whose criteria it meets (one query for every rule and record). */
async function matchRules(ctx: AssignContext, object: string, rules: AssignmentRule[], ids: string[]) {
  const columns = rules.map(
    (rule, i) =>
      sql`${ruleConditionSql(ctx, object, rule.criteria, rule.criteria_filter)} AS ${sql.id(`r${i}`)}`,
  );
  const { rows } = await sql<Record<string, unknown>>`SELECT t.id, ${sql.join(columns)}
    FROM ${objectTable(ctx.schemas, object)} t WHERE t.id = ANY(${ids}::uuid[]) AND t.deleted_at IS NULL
    ORDER BY t.id`.execute(ctx.trx);
  return rows.map((row) => ({
    id: String(row.id),
    rule: rules.find((_, i) => row[`r${i}`] === true) ?? null,
  }));
}

/**
 * Gives records owners by the object's assignment rules (ADR 0033), inside the caller's transaction: the first
 * matching rule's pool, by its strategy, people away or at capacity passed over. Each rule used is locked for
 * the transaction, its loads counted once and kept as records are handed out, so 1,000 records at once balance
 * as well as 1,000 one by one. Owners change through the records service (history, events, automations);
 * every decision is stored with its reasons. Records no rule matches keep their owner and get no decision.
 */
export async function assignRecords(
  ctx: AssignContext,
  object: string,
  ids: string[],
): Promise<AssignmentDecision[]> {
  const rules = (await loadRules(ctx.trx, ctx.schemas, object)).filter((rule) => rule.enabled);
  if (rules.length === 0 || ids.length === 0) return [];
  const matched = await matchRules(ctx, object, rules, ids);
  const decisions: AssignmentDecision[] = [];
  const owners = new Map<string, string[]>();
  for (const rule of rules) {
    const records = matched.filter((m) => m.rule === rule);
    if (records.length === 0) continue;
    let last = await lockRuleState(ctx.trx, ctx.schemas, rule.id);
    const people = await poolPeople(ctx, rule.pool);
    const open = people.length ? await loads(ctx, rule, people) : new Map<string, number>();
    const candidates: Candidate[] = people.map((p) => ({
      userId: p.id,
      name: p.name,
      load: open.get(p.id) ?? 0,
      away: p.away,
    }));
    for (const record of records) {
      const choice = chooseAssignee(candidates, rule.strategy, { last, capacity: rule.capacity });
      decisions.push({
        object,
        record_id: record.id,
        rule: rule.api_name,
        rule_number: rule.position + 1,
        rule_labels: rule.labels,
        strategy: rule.strategy,
        user_id: choice.userId,
        candidates: choice.candidates,
        summary: decisionSummary(rule, choice),
        decided_at: ctx.now.toISOString(),
      });
      if (!choice.userId) continue;
      const chosen = candidates.find((c) => c.userId === choice.userId);
      if (chosen) chosen.load += 1;
      last = choice.userId;
      owners.set(choice.userId, [...(owners.get(choice.userId) ?? []), record.id]);
    }
    await saveRuleState(ctx.trx, ctx.schemas, rule.id, last);
  }
  for (const [userId, recordIds] of owners) await ctx.writes.transfer(object, recordIds, userId);
  await insertDecisions(ctx.trx, ctx.schemas, decisions);
  return decisions;
}
