import type { Translatable } from "../i18n/index.ts";

/*
 * Assignment rules (ADR 0033): ordered criteria on an object that give a record an owner from a set of people,
 * used by the automation engine's assign_owner action and by "assign by rules" on a list. Shapes are the API's
 * and the web app's (snake_case like every other definition).
 */

/** Who a rule hands records to: named users, a role's members, or a department's (with those below it). */
export type AssignmentPool =
  | { kind: "users"; users: string[] }
  | { kind: "role"; role: string }
  | { kind: "department"; department: string; include_children: boolean };

/** Round robin: the next person after the last one given a record. Least loaded: fewest open records. */
export type AssignmentStrategy = "round_robin" | "least_loaded";

export interface AssignmentRuleDefinition {
  api_name: string;
  labels: Translatable;
  /** A boolean formula a record must meet for this rule (null: every record); rules are tried in order. */
  criteria: string | null;
  /**
   * Field conditions a record must also meet, as filter JSON (DESIGN §5; null: none): what an admin picks
   * without writing a formula, and what formulas cannot say (an address in 华东's provinces).
   */
  criteria_filter: AssignmentFilter | null;
  pool: AssignmentPool;
  strategy: AssignmentStrategy;
  /** Which of a person's records count as open for their load and capacity (null: every live record). */
  open_condition: string | null;
  /** Field conditions an open record must also meet, as filter JSON (null: none). */
  open_filter: AssignmentFilter | null;
  /** Most open records a person may hold before they are passed over (null: no cap). */
  capacity: number | null;
  /** A switched-off rule is kept in its place and skipped. */
  enabled: boolean;
}

/** Filter JSON as the records API takes it, e.g. `{"and":[{"region":{"in":["310000"]}}]}`. */
export type AssignmentFilter = { [key: string]: unknown };

export interface AssignmentRule extends AssignmentRuleDefinition {
  id: string;
  object: string;
  /** 0 first: the order rules are tried in. */
  position: number;
}

/** One person the rule considered, and why they were passed over if they were. */
export interface AssignmentCandidate {
  user_id: string;
  name: string;
  load: number;
  passed_over: "away" | "at_capacity" | null;
}

/** Why a record got its owner: the rule that matched, the people it weighed, the one it chose. */
export interface AssignmentDecision {
  object: string;
  record_id: string;
  rule: string;
  /** 1-based place of the rule in the object's list, as an admin counts them. */
  rule_number: number;
  rule_labels: Translatable;
  strategy: AssignmentStrategy;
  user_id: string | null;
  candidates: AssignmentCandidate[];
  /** The decision in words, e.g. "规则 2「华东」匹配；王芳 名下 12 条未结记录，最少". */
  summary: Translatable;
  decided_at: string;
}
