import type { AssignmentRuleDefinition } from "@keduo/core";
import { describe, expect, it } from "vitest";
import type { FieldMeta } from "../../api/types.ts";
import { blankRule, filterToState, rulesFromForm, ruleToForm } from "./rule-form.ts";

const fields = [
  { api_name: "region", type: "address", labels: { "zh-CN": "所在地区", en: "Region" }, config: {} },
  {
    api_name: "status",
    type: "single_select",
    labels: { "zh-CN": "线索状态", en: "Status" },
    config: { options: [{ value: "new" }, { value: "working" }] },
  },
] as unknown as FieldMeta[];

const east: AssignmentRuleDefinition = {
  api_name: "east_china",
  labels: { "zh-CN": "华东", en: "East China" },
  criteria: null,
  criteria_filter: { region: { in: ["310000", "320000"] } },
  pool: { kind: "users", users: ["u1", "u2"] },
  strategy: "least_loaded",
  open_condition: 'status <> "converted"',
  open_filter: { and: [{ status: { in: ["new", "working"] } }, { region: { is_not_empty: true } }] },
  capacity: 30,
  enabled: false,
};

describe("assignment rule form", () => {
  it("reads the filters it writes back as builder rows, and writes the same rule again", () => {
    const form = ruleToForm(east);
    expect(form.criteria_filter).toEqual({
      match: "and",
      conditions: [{ field: "region", operator: "in", value: ["310000", "320000"] }],
    });
    expect(form.open_filter.conditions).toEqual([
      { field: "status", operator: "in", value: ["new", "working"] },
      { field: "region", operator: "is_not_empty" },
    ]);
    expect(rulesFromForm({ rules: [form] }, fields)).toEqual([east]);
  });

  it("reads an or of conditions, and no filter as no rows", () => {
    expect(filterToState({ or: [{ status: { eq: "new" } }] })).toEqual({
      match: "or",
      conditions: [{ field: "status", operator: "eq", value: "new" }],
    });
    expect(filterToState(null)).toEqual({ match: "and", conditions: [] });
  });

  it("names new rules from their English name or their place, never twice, and keeps only the pool's kind", () => {
    const first = { ...blankRule(), labels: { "zh-CN": "其他", en: "Everywhere else" } };
    const second = {
      ...blankRule(),
      pool: { kind: "role" as const, role: "sales_rep", users: [null], include_children: true },
    };
    const third = { ...blankRule(), labels: { "zh-CN": "", en: "Everywhere else" } };
    const rules = rulesFromForm({ rules: [first, second, third] }, fields);
    expect(rules.map((r) => r.api_name)).toEqual(["everywhere_else", "rule_2", "everywhere_else_2"]);
    expect(rules[1]?.pool).toEqual({ kind: "role", role: "sales_rep" });
    expect(rules[0]).toMatchObject({
      pool: { kind: "users", users: [] },
      criteria: null,
      criteria_filter: null,
      capacity: null,
    });
  });
});
