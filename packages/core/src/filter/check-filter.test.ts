import { describe, expect, it } from "vitest";
import type { FilterNode } from "./ast.ts";
import { checkFilter } from "./check-filter.ts";
import { parseFilter } from "./parse-filter.ts";
import { TEST_FIELDS } from "./test-fields.ts";

const TAG = "0190f2a4-0000-7000-8000-00000000000A";

function check(json: unknown) {
  const parsed = parseFilter(json);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return checkFilter(parsed.ast, TEST_FIELDS);
}

const checked = (json: unknown) => {
  const result = check(json);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.filter;
};
const problems = (json: unknown) => {
  const result = check(json);
  return result.ok ? [] : result.problems;
};

describe("checkFilter", () => {
  it("binds each operand as its field's type", () => {
    expect(checked({ and: [{ region: { eq: "east" } }, { amount: { gte: 1000000 } }] })).toEqual({
      kind: "and",
      nodes: [
        { kind: "compare", field: TEST_FIELDS.get("region"), operator: "eq", value: "east" },
        { kind: "compare", field: TEST_FIELDS.get("amount"), operator: "gte", value: "1000000" },
      ],
    });
    expect(checked({ owner: { nin: [TAG] } })).toMatchObject({
      kind: "in",
      negated: true,
      values: [TAG.toLowerCase()],
    });
    expect(checked({ due: { between: ["2026-01-01", "2026-02-01"] } })).toMatchObject({
      kind: "between",
      from: "2026-01-01",
      to: "2026-02-01",
    });
  });

  it("reads contains as all of a set on set-valued fields and as text elsewhere", () => {
    expect(checked({ areas: { contains: ["auto", "med"] } })).toMatchObject({
      kind: "contains_all",
      values: ["auto", "med"],
    });
    expect(checked({ tags: { contains: TAG } })).toMatchObject({
      kind: "contains_all",
      values: [TAG.toLowerCase()],
    });
    expect(checked({ name: { contains: 50 } })).toMatchObject({
      kind: "text",
      match: "contains",
      text: "50",
    });
    expect(checked({ notes: { contains: "华东" } })).toMatchObject({
      kind: "text",
      match: "contains",
      text: "华东",
    });
  });

  it("folds is_empty / is_not_empty into one question and resolves relative-date tokens", () => {
    expect(checked({ vip: { is_not_empty: false } })).toMatchObject({ kind: "empty", empty: true });
    expect(checked({ vip: { is_empty: false } })).toMatchObject({ kind: "empty", empty: false });
    expect(checked({ next_due: { within: "last_3_months" } })).toMatchObject({
      kind: "within",
      period: { kind: "rolling", unit: "month", direction: "last", count: 3 },
    });
  });

  it("keeps the reader tokens of user fields for the compiler, and no other spelling", () => {
    expect(checked({ owner: { eq: "$me" } })).toMatchObject({ kind: "compare", value: "$me" });
    expect(checked({ owner: { in: ["$my_team", TAG] } })).toMatchObject({
      kind: "in",
      values: ["$my_team", TAG.toLowerCase()],
    });
    expect(problems({ owner: { eq: "$team" } })).toEqual([
      { field: "filter.owner.eq", code: "invalid_format", params: { format: "UUID" } },
    ]);
  });

  it("takes only the operators the field type declares", () => {
    expect(checked({ tags: { in: [TAG] } })).toMatchObject({ kind: "in", negated: false });
    expect(
      problems({
        tags: { eq: TAG },
        notes: { starts_with: "x" },
        vip: { gt: true },
        addr: { nin: ["320000"] },
      }),
    ).toEqual([
      { field: "filter.tags.eq", code: "unknown_operator", params: { operator: "eq" } },
      { field: "filter.notes.starts_with", code: "unknown_operator", params: { operator: "starts_with" } },
      { field: "filter.vip.gt", code: "unknown_operator", params: { operator: "gt" } },
      { field: "filter.addr.nin", code: "unknown_operator", params: { operator: "nin" } },
    ]);
  });

  it("reports every problem at once: an unknown field once, operands at their own paths", () => {
    expect(
      problems({
        or: [
          { margin: { gt: 1, lt: 5 } },
          { score: { gt: "1 OR 1=1" } },
          { region: { in: ["east", "west"] } },
          { due: { between: ["2026-01-01", "soon"] } },
          { areas: { contains: [] } },
        ],
      }),
    ).toEqual([
      { field: "filter.or.0.margin", code: "unknown_field", params: { name: "margin" } },
      { field: "filter.or.1.score.gt", code: "invalid_type", params: { expected: "number" } },
      { field: "filter.or.2.region.in.1", code: "invalid_option", params: { value: "west" } },
      { field: "filter.or.3.due.between.1", code: "invalid_format", params: { format: "YYYY-MM-DD" } },
      { field: "filter.or.4.areas.contains", code: "too_many", params: { max: 1000 } },
    ]);
  });

  it("checks each operand's shape for its operator", () => {
    const list = Array.from({ length: 1001 }, (_, i) => i);
    expect(
      problems({
        or: [
          { score: { nin: list } },
          { score: { in: [] } },
          { due: { between: ["2026-01-01"] } },
          { vip: { is_empty: "yes" } },
          { due: { within: "last_week'; --" } },
          { seen: { within: 7 } },
        ],
      }),
    ).toEqual([
      { field: "filter.or.0.score.nin", code: "too_many", params: { max: 1000 } },
      { field: "filter.or.1.score.in", code: "too_many", params: { max: 1000 } },
      { field: "filter.or.2.due.between", code: "invalid_type", params: { expected: "[from, to]" } },
      { field: "filter.or.3.vip.is_empty", code: "invalid_type", params: { expected: "true/false" } },
      {
        field: "filter.or.4.due.within",
        code: "invalid_format",
        params: { format: "today, last_7_days, next_30_days, this_month…" },
      },
      {
        field: "filter.or.5.seen.within",
        code: "invalid_format",
        params: { format: "today, last_7_days, next_30_days, this_month…" },
      },
    ]);
    expect(checked({ score: { nin: list.slice(1) } })).toMatchObject({ kind: "in", negated: true });
    expect(checked({ region: { in: "east" } })).toMatchObject({ kind: "in", values: ["east"] });
  });

  it("asks the operator before the operand, as the records API always has", () => {
    expect(problems({ score: { within: 5 }, notes: { between: 1 } })).toEqual([
      { field: "filter.score.within", code: "unknown_operator", params: { operator: "within" } },
      { field: "filter.notes.between", code: "unknown_operator", params: { operator: "between" } },
    ]);
  });

  it("checks that a bare field exists and reads it as false", () => {
    expect(checked({ region: {} })).toEqual({ kind: "or", nodes: [] });
    expect(problems({ ghost: {} })).toEqual([
      { field: "filter.ghost", code: "unknown_field", params: { name: "ghost" } },
    ]);
  });

  it("gives nodes built in code the paths printFilter would give them", () => {
    const built: FilterNode = {
      kind: "and",
      nodes: [
        { kind: "not", node: { kind: "condition", field: "ghost", operator: "eq", value: 1 } },
        { kind: "condition", field: "score", operator: "in", value: [1, "x"] },
      ],
    };
    const result = checkFilter(built, TEST_FIELDS, "criteria");
    expect(!result.ok && result.problems).toEqual([
      { field: "criteria.and.0.not.ghost", code: "unknown_field", params: { name: "ghost" } },
      { field: "criteria.and.1.score.in.1", code: "invalid_type", params: { expected: "number" } },
    ]);
  });
});
