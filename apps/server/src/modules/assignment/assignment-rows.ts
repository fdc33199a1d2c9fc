import type { AssignmentDecision, AssignmentRule, AssignmentRuleDefinition } from "@keduo/core";
import { uuidv7 } from "@keduo/core";
import { sql } from "kysely";
import type { Db, Schemas, Trx } from "../../db/database.ts";

const table = (schemas: Schemas, name: string) => sql.id(schemas.system, name);

/** One object's rules in order (every object's, object by object, without `object`). */
export async function loadRules(db: Db | Trx, schemas: Schemas, object?: string): Promise<AssignmentRule[]> {
  const { rows } = await sql<{
    id: string;
    object: string;
    position: number;
    // Rules stored before field conditions and the switch existed have neither: none, and on.
    definition: Omit<AssignmentRuleDefinition, "criteria_filter" | "open_filter" | "enabled"> &
      Partial<AssignmentRuleDefinition>;
  }>`
    SELECT id, object, position, definition FROM ${table(schemas, "assignment_rules")}
    WHERE ${object ?? null}::text IS NULL OR object = ${object ?? null}
    ORDER BY object, position`.execute(db);
  return rows.map((row) => ({
    criteria_filter: null,
    open_filter: null,
    enabled: true,
    ...row.definition,
    id: row.id,
    object: row.object,
    position: row.position,
  }));
}

/** The object's whole ordered list, replaced; a rule keeps its id (and round-robin place) by API name. */
export async function replaceRules(
  trx: Trx,
  schemas: Schemas,
  object: string,
  rules: AssignmentRuleDefinition[],
  now: Date,
): Promise<void> {
  const stored = new Map((await loadRules(trx, schemas, object)).map((rule) => [rule.api_name, rule.id]));
  await sql`DELETE FROM ${table(schemas, "assignment_rules")} WHERE object = ${object}
    AND NOT (api_name = ANY(${rules.map((r) => r.api_name)}::text[]))`.execute(trx);
  for (const [position, rule] of rules.entries())
    await upsertRule(trx, schemas, object, rule, position, now, stored.get(rule.api_name));
}

/** One rule stored at its place (a new one gets an id; a known API name keeps its id and round-robin place). */
export async function upsertRule(
  trx: Trx,
  schemas: Schemas,
  object: string,
  rule: AssignmentRuleDefinition,
  position: number,
  now: Date,
  id: string = uuidv7(),
): Promise<void> {
  await sql`INSERT INTO ${table(schemas, "assignment_rules")}
      (id, object, api_name, position, definition, created_at, updated_at)
    VALUES (${id}, ${object}, ${rule.api_name}, ${position}, ${JSON.stringify(rule)}::jsonb, ${now}, ${now})
    ON CONFLICT (object, api_name) DO UPDATE SET position = excluded.position,
      definition = excluded.definition, updated_at = excluded.updated_at`.execute(trx);
}

/**
 * Locks a rule's round-robin place for the rest of the transaction and reads who was given the last record:
 * two assignments of one rule at once take turns here, so the second sees the first one's loads.
 */
export async function lockRuleState(trx: Trx, schemas: Schemas, ruleId: string): Promise<string | null> {
  await sql`INSERT INTO ${table(schemas, "assignment_state")} (rule_id) VALUES (${ruleId})
    ON CONFLICT DO NOTHING`.execute(trx);
  const { rows } = await sql<{ last_user_id: string | null }>`SELECT last_user_id
    FROM ${table(schemas, "assignment_state")} WHERE rule_id = ${ruleId} FOR UPDATE`.execute(trx);
  return rows[0]?.last_user_id ?? null;
}

export async function saveRuleState(trx: Trx, schemas: Schemas, ruleId: string, last: string | null) {
  await sql`UPDATE ${table(schemas, "assignment_state")} SET last_user_id = ${last}
    WHERE rule_id = ${ruleId}`.execute(trx);
}

export async function insertDecisions(trx: Trx, schemas: Schemas, decisions: AssignmentDecision[]) {
  if (decisions.length === 0) return;
  await sql`INSERT INTO ${table(schemas, "assignment_decisions")} (object, record_id, decision, decided_at)
    SELECT d->>'object', (d->>'record_id')::uuid, d, (d->>'decided_at')::timestamptz
    FROM jsonb_array_elements(${JSON.stringify(decisions)}::jsonb) d`.execute(trx);
}

export async function lastDecision(
  db: Db,
  schemas: Schemas,
  object: string,
  recordId: string,
): Promise<AssignmentDecision | null> {
  const { rows } = await sql<{ decision: AssignmentDecision }>`SELECT decision
    FROM ${table(schemas, "assignment_decisions")} WHERE object = ${object} AND record_id = ${recordId}
    ORDER BY id DESC LIMIT 1`.execute(db);
  return rows[0]?.decision ?? null;
}
