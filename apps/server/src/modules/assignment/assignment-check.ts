import {
  type AssignmentRuleDefinition,
  type FieldIssue,
  formulaErrorToFieldIssue,
  isGivenText,
  isValidApiName,
  type MetadataSnapshot,
  readFilter,
} from "@keduo/core";
import { objectModel } from "../metadata/index.ts";
import { checkReadCondition } from "../validation/index.ts";

export interface RuleCheckContext {
  snapshot: MetadataSnapshot;
  object: string;
  roles: ReadonlySet<string>;
  departments: ReadonlySet<string>;
  users: ReadonlySet<string>;
}

/**
 * An object's assignment rules as stored, in order, each problem reported with its path (`rules.1.pool.role`)
 * so the admin sees them all at once: formulas that do not type-check, unknown roles, departments or users,
 * duplicate names, impossible capacities.
 */
export function checkAssignmentRules(
  context: RuleCheckContext,
  given: unknown,
  issues: FieldIssue[],
): AssignmentRuleDefinition[] {
  const rules = Array.isArray(given) ? (given as Array<Partial<AssignmentRuleDefinition>>) : [];
  if (!Array.isArray(given))
    issues.push({ field: "rules", code: "invalid_type", params: { expected: "list" } });
  const names = new Set<string>();
  const definition = context.snapshot.objects.get(context.object);
  const fields = definition ? objectModel(definition).queryable : new Map();
  return rules.map((rule, i) => {
    const path = `rules.${i}`;
    const problem = (field: string, code: string, params?: FieldIssue["params"]) =>
      issues.push(params ? { field: `${path}.${field}`, code, params } : { field: `${path}.${field}`, code });
    const apiName = String(rule?.api_name ?? "");
    if (!isValidApiName(apiName)) problem("api_name", "invalid_api_name");
    else if (names.has(apiName)) problem("api_name", "duplicate_name", { value: apiName });
    names.add(apiName);
    if (!isGivenText(rule?.labels)) problem("labels", "required");
    const formula = (field: "criteria" | "open_condition") => {
      const source = rule?.[field];
      if (source === null || source === undefined || String(source).trim() === "") return null;
      const checked = checkReadCondition(context.snapshot, context.object, String(source));
      if (!checked.ok)
        issues.push(...checked.errors.map((e) => formulaErrorToFieldIssue(e, `${path}.${field}`)));
      return String(source);
    };
    // Filter JSON is checked as a list filter would be; its problems carry `rules.0.criteria_filter.<field>`.
    const filter = (field: "criteria_filter" | "open_filter") => {
      const given = rule?.[field];
      if (given === null || given === undefined) return null;
      const read = readFilter(given, fields, `${path}.${field}`);
      if (!read.ok) issues.push(...read.problems);
      return given;
    };
    const pool = rule?.pool ?? { kind: "users", users: [] };
    if (pool.kind === "users") {
      if (!Array.isArray(pool.users) || pool.users.length === 0) problem("pool.users", "required");
      for (const [j, user] of (Array.isArray(pool.users) ? pool.users : []).entries())
        if (!context.users.has(user))
          problem(`pool.users.${j}`, "invalid_reference", { value: String(user) });
    } else if (pool.kind === "role") {
      // Nothing picked is a missing choice, not a role named "" or "undefined".
      if (!pool.role) problem("pool.role", "required");
      else if (!context.roles.has(pool.role))
        problem("pool.role", "unknown_role", { name: String(pool.role) });
    } else if (pool.kind === "department") {
      if (!pool.department) problem("pool.department", "required");
      else if (!context.departments.has(pool.department))
        problem("pool.department", "invalid_reference", { value: String(pool.department) });
    } else problem("pool.kind", "invalid_option", { value: String((pool as { kind?: unknown }).kind) });
    const strategy = rule?.strategy ?? "least_loaded";
    if (strategy !== "round_robin" && strategy !== "least_loaded")
      problem("strategy", "invalid_option", { value: String(strategy) });
    const capacity = rule?.capacity ?? null;
    if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1 || capacity > 1_000_000))
      problem("capacity", "out_of_range", { min: 1, max: 1_000_000 });
    const labels = isGivenText(rule?.labels) ? rule.labels : { "zh-CN": "", en: "" };
    return {
      api_name: apiName,
      labels: {
        "zh-CN": labels["zh-CN"].trim() || labels.en.trim(),
        en: labels.en.trim() || labels["zh-CN"].trim(),
      },
      criteria: formula("criteria"),
      criteria_filter: filter("criteria_filter"),
      pool:
        pool.kind === "department"
          ? {
              kind: "department",
              department: pool.department,
              include_children: pool.include_children !== false,
            }
          : pool,
      strategy,
      open_condition: formula("open_condition"),
      open_filter: filter("open_filter"),
      capacity,
      enabled: rule?.enabled !== false,
    };
  });
}
