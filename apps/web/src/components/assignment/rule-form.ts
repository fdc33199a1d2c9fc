import type { AssignmentFilter, AssignmentRule, AssignmentRuleDefinition, Translatable } from "@keduo/core";
import type { FieldMeta } from "../../api/types.ts";
import { type FilterCondition, type FilterState, toApiFilter } from "../../lib/filter-model.ts";
import { suggestApiName } from "../../pages/admin/form-problems.ts";

/**
 * A rule as the editor holds it: field conditions as the filter builder's rows, the pool with every kind's
 * setting at hand (switching kind back and forth keeps what was picked), capacity blank for none.
 */
export interface RuleFormValues {
  api_name: string;
  labels: Translatable;
  enabled: boolean;
  criteria_filter: FilterState;
  criteria: string;
  pool: {
    kind: "users" | "role" | "department";
    users: Array<string | null>;
    role?: string;
    department?: string | null;
    include_children: boolean;
  };
  strategy: AssignmentRuleDefinition["strategy"];
  open_filter: FilterState;
  open_condition: string;
  capacity: number | null;
}

export interface RulesFormValues {
  rules: RuleFormValues[];
}

const NO_CONDITIONS: FilterState = { match: "and", conditions: [] };

/** The filter JSON this editor writes — one condition, or and/or over conditions — as builder rows. */
export function filterToState(filter: AssignmentFilter | null): FilterState {
  if (!filter) return NO_CONDITIONS;
  const [key, value] = Object.entries(filter)[0] ?? [];
  const match = key === "or" ? "or" : "and";
  const parts = (key === "and" || key === "or") && Array.isArray(value) ? value : [filter];
  const conditions: FilterCondition[] = parts.flatMap((part) => {
    const [field, test] = Object.entries((part ?? {}) as Record<string, unknown>)[0] ?? [];
    const [operator, operand] = Object.entries((test ?? {}) as Record<string, unknown>)[0] ?? [];
    if (!field || !operator) return [];
    const none = operator === "is_empty" || operator === "is_not_empty";
    return [{ field, operator, ...(none ? {} : { value: operand }) } as FilterCondition];
  });
  return { match, conditions };
}

export function ruleToForm(rule: AssignmentRuleDefinition): RuleFormValues {
  const { pool } = rule;
  return {
    api_name: rule.api_name,
    labels: rule.labels,
    enabled: rule.enabled !== false,
    criteria_filter: filterToState(rule.criteria_filter ?? null),
    criteria: rule.criteria ?? "",
    pool: {
      kind: pool.kind,
      users: pool.kind === "users" ? pool.users : [null],
      role: pool.kind === "role" ? pool.role : undefined,
      department: pool.kind === "department" ? pool.department : null,
      include_children: pool.kind === "department" ? pool.include_children : true,
    },
    strategy: rule.strategy,
    open_filter: filterToState(rule.open_filter ?? null),
    open_condition: rule.open_condition ?? "",
    capacity: rule.capacity,
  };
}

export const rulesToForm = (rules: AssignmentRule[]): RulesFormValues => ({ rules: rules.map(ruleToForm) });

/** A new rule at the end: everything, fewest open records first, to people still to be picked. */
export const blankRule = (): RuleFormValues => ({
  api_name: "",
  labels: { "zh-CN": "", en: "" },
  enabled: true,
  criteria_filter: NO_CONDITIONS,
  criteria: "",
  pool: { kind: "users", users: [null], include_children: true },
  strategy: "least_loaded",
  open_filter: NO_CONDITIONS,
  open_condition: "",
  capacity: null,
});

/** A rule's API name: kept once it has one, else from its English name (or its place), never taken twice. */
function apiNameOf(rule: RuleFormValues, index: number, taken: Set<string>): string {
  if (rule.api_name) return rule.api_name;
  const base = suggestApiName(rule.labels?.en ?? "") || `rule_${index + 1}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

/** The PUT body's rules, in the form's order; blank text is none, the pool only its kind's setting. */
export function rulesFromForm(values: RulesFormValues, fields: FieldMeta[]): AssignmentRuleDefinition[] {
  const byName = new Map(fields.map((f) => [f.api_name, f]));
  const rules = values.rules ?? [];
  const taken = new Set(rules.map((r) => r.api_name).filter(Boolean));
  return rules.map((rule, index) => {
    const api_name = apiNameOf(rule, index, taken);
    taken.add(api_name);
    const { pool } = rule;
    return {
      api_name,
      labels: { "zh-CN": rule.labels?.["zh-CN"] ?? "", en: rule.labels?.en ?? "" },
      enabled: rule.enabled !== false,
      criteria: rule.criteria?.trim() || null,
      criteria_filter: (toApiFilter(rule.criteria_filter ?? NO_CONDITIONS, byName) ??
        null) as AssignmentFilter | null,
      pool:
        pool.kind === "role"
          ? { kind: "role", role: pool.role ?? "" }
          : pool.kind === "department"
            ? // No department picked: left out, so the server says "pick one" under the picker (an empty
              // id would fail the request's schema instead, with no input to point at).
              ({
                kind: "department",
                ...(pool.department ? { department: pool.department } : {}),
                include_children: pool.include_children,
              } as AssignmentRuleDefinition["pool"])
            : { kind: "users", users: (pool.users ?? []).filter((u): u is string => Boolean(u)) },
      strategy: rule.strategy,
      open_condition: rule.open_condition?.trim() || null,
      open_filter: (toApiFilter(rule.open_filter ?? NO_CONDITIONS, byName) ??
        null) as AssignmentFilter | null,
      capacity: rule.capacity ?? null,
    };
  });
}
