import { describe, expect, it } from "vitest";
import { FILTER_LIMITS, parseFilter } from "./parse-filter.ts";

const problemsOf = (json: unknown) => {
  const parsed = parseFilter(json);
  if (parsed.ok) throw new Error("expected problems");
  return parsed.problems;
};

describe("parseFilter", () => {
  it("reads the DESIGN example into an and of two conditions, each with its path", () => {
    const parsed = parseFilter({ and: [{ region: { eq: "华东" } }, { annual_revenue: { gte: 1000000 } }] });
    expect(parsed).toEqual({
      ok: true,
      ast: {
        kind: "and",
        path: "filter.and",
        nodes: [
          {
            kind: "condition",
            field: "region",
            operator: "eq",
            value: "华东",
            path: "filter.and.0.region.eq",
          },
          {
            kind: "condition",
            field: "annual_revenue",
            operator: "gte",
            value: 1000000,
            path: "filter.and.1.annual_revenue.gte",
          },
        ],
      },
    });
  });

  it("ands the keys of one object and the operators of one field", () => {
    const parsed = parseFilter({ score: { gte: 1, lt: 9 }, not: { vip: { eq: true } } });
    expect(parsed.ok && parsed.ast).toMatchObject({
      kind: "and",
      path: "filter",
      nodes: [
        {
          kind: "and",
          path: "filter.score",
          nodes: [
            { operator: "gte", path: "filter.score.gte" },
            { operator: "lt", path: "filter.score.lt" },
          ],
        },
        { kind: "not", path: "filter.not", node: { field: "vip", path: "filter.not.vip.eq" } },
      ],
    });
  });

  it("reads {} as true and a field without operators as a bare field", () => {
    expect(parseFilter({})).toEqual({ ok: true, ast: { kind: "and", nodes: [], path: "filter" } });
    expect(parseFilter({ name: {} })).toEqual({
      ok: true,
      ast: { kind: "bare_field", field: "name", path: "filter.name" },
    });
  });

  it("keeps operands as written: their shape is the checker's business", () => {
    const parsed = parseFilter({
      or: [{ region: { in: "east" } }, { due: { between: 5 } }, { vip: { is_empty: "x" } }],
    });
    expect(
      parsed.ok && parsed.ast.kind === "or" && parsed.ast.nodes.map((n) => "value" in n && n.value),
    ).toEqual(["east", 5, "x"]);
  });

  it("reports every problem of structure at once, at its path", () => {
    expect(
      problemsOf({
        and: [
          "not an object",
          { or: [] },
          { amount: 5 },
          { amount: { like: "x", between: [1], "eq OR 1=1": 1 } },
          { and: {} },
          [],
        ],
      }),
    ).toEqual([
      { field: "filter.and.0", code: "invalid_type", params: { expected: "object" } },
      { field: "filter.and.1.or", code: "invalid_type", params: { expected: "list" } },
      { field: "filter.and.2.amount", code: "invalid_type", params: { expected: '{"operator": value}' } },
      { field: "filter.and.3.amount.like", code: "unknown_operator", params: { operator: "like" } },
      { field: "filter.and.3.amount.eq OR 1=1", code: "unknown_operator", params: { operator: "eq OR 1=1" } },
      { field: "filter.and.4.and", code: "invalid_type", params: { expected: "list" } },
      { field: "filter.and.5", code: "invalid_type", params: { expected: "object" } },
    ]);
  });

  it("keeps what it could read for the checker", () => {
    const parsed = parseFilter({ and: [{ nope: { eq: 1 } }, { amount: { like: 1 } }, { ghost: 5 }] });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.partial).toMatchObject({
      kind: "and",
      nodes: [
        { kind: "condition", field: "nope" },
        { kind: "bare_field", field: "amount", path: "filter.and.1.amount" },
        { kind: "bare_field", field: "ghost", path: "filter.and.2.ghost" },
      ],
    });
  });

  it("bounds nesting and conditions", () => {
    let deep: unknown = { name: { eq: "x" } };
    for (let i = 0; i <= FILTER_LIMITS.maxDepth; i++) deep = { not: deep };
    expect(problemsOf(deep)).toEqual([
      { field: `filter${".not".repeat(FILTER_LIMITS.maxDepth + 1)}`, code: "too_many", params: { max: 8 } },
    ]);
    const many = {
      or: Array.from({ length: FILTER_LIMITS.maxConditions + 1 }, (_, i) => ({ score: { eq: i } })),
    };
    expect(problemsOf(many)).toEqual([
      { field: `filter.or.${FILTER_LIMITS.maxConditions}.score`, code: "too_many", params: { max: 100 } },
    ]);
  });

  it("refuses text PostgreSQL cannot bind first and alone, in values and keys", () => {
    expect(problemsOf({ or: [{ name: { eq: "a\u0000b" } }, { "x\ud800": { eq: 1 } }], nope: 1 })).toEqual([
      { field: "filter.or.0.name.eq", code: "invalid_characters" },
      { field: "filter.or.1.x\ufffd", code: "invalid_characters" },
    ]);
    const parsed = parseFilter({ name: { eq: "\u0000" } });
    expect(!parsed.ok && parsed.partial).toBeNull();
  });

  it("reports under the root it is given", () => {
    expect(problemsOf({ a: 1 }).map((p) => p.field)).toEqual(["filter.a"]);
    const parsed = parseFilter({ a: 1 }, "rules.0.criteria");
    expect(!parsed.ok && parsed.problems[0]?.field).toBe("rules.0.criteria.a");
  });
});
