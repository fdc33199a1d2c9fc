import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FILTER_OPERATORS } from "../field-types/field-type.ts";
import { RELATIVE_DATE_PATTERNS } from "../time/relative-dates.ts";
import type { ConditionNode, FilterNode } from "./ast.ts";
import { parseFilter } from "./parse-filter.ts";
import { printFilter } from "./print-filter.ts";
import { readFilter } from "./read-filter.ts";
import { TEST_FIELDS } from "./test-fields.ts";

/** The tree without where it was written: what a node built in code looks like. */
function withoutPaths(node: FilterNode): FilterNode {
  switch (node.kind) {
    case "and":
    case "or":
      return { kind: node.kind, nodes: node.nodes.map(withoutPaths) };
    case "not":
      return { kind: "not", node: withoutPaths(node.node) };
    case "condition":
    case "bare_field": {
      const { path: _, ...leaf } = node;
      return leaf;
    }
  }
}

const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
const fieldName = fc.constantFrom(...TEST_FIELDS.keys(), "ghost", "__proto__", "annual_revenue");
const tokens = RELATIVE_DATE_PATTERNS.map((p) => p.pattern.replace("_N_", "_7_"));

const condition: fc.Arbitrary<ConditionNode> = fc.oneof(
  fc.record({
    kind: fc.constant("condition" as const),
    field: fieldName,
    operator: fc.constantFrom("eq", "neq", "lt", "lte", "gt", "gte", "contains", "starts_with" as const),
    value: scalar,
  }),
  fc.record({
    kind: fc.constant("condition" as const),
    field: fieldName,
    operator: fc.constantFrom("in", "nin" as const),
    value: fc.array(scalar, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant("condition" as const),
    field: fieldName,
    operator: fc.constant("between" as const),
    value: fc.tuple(scalar, scalar),
  }),
  fc.record({
    kind: fc.constant("condition" as const),
    field: fieldName,
    operator: fc.constantFrom("is_empty", "is_not_empty" as const),
    value: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("condition" as const),
    field: fieldName,
    operator: fc.constant("within" as const),
    value: fc.constantFrom(...tokens),
  }),
);

// Depth stays within FILTER_LIMITS.maxDepth and the conditions within maxConditions.
const filterNode: fc.Arbitrary<FilterNode> = fc.letrec<{ node: FilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", maxDepth: 6 },
    condition,
    fc.record({ kind: fc.constant("and" as const), nodes: fc.array(tie("node"), { maxLength: 3 }) }),
    fc.record({
      kind: fc.constant("or" as const),
      nodes: fc.array(tie("node"), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ kind: fc.constant("not" as const), node: tie("node") }),
    fc.record({ kind: fc.constant("bare_field" as const), field: fieldName }),
  ),
})).node;

describe("printFilter", () => {
  it("prints the DESIGN example", () => {
    expect(
      printFilter({
        kind: "and",
        nodes: [
          { kind: "condition", field: "region", operator: "eq", value: "华东" },
          { kind: "condition", field: "annual_revenue", operator: "gte", value: 1000000 },
        ],
      }),
    ).toEqual({ and: [{ region: { eq: "华东" } }, { annual_revenue: { gte: 1000000 } }] });
    expect(printFilter({ kind: "or", nodes: [] })).toEqual({ not: {} });
    expect(printFilter({ kind: "bare_field", field: "region" })).toEqual({ region: {} });
  });

  it("is undone by parseFilter: parse(print(tree)) is the tree", () => {
    fc.assert(
      fc.property(filterNode, (node) => {
        const parsed = parseFilter(printFilter(node));
        expect(parsed.ok).toBe(true);
        expect(parsed.ok && withoutPaths(parsed.ast)).toEqual(node);
      }),
      { numRuns: 500 },
    );
  });

  it("prints what it parsed as a filter that means the same tree, through JSON text too", () => {
    fc.assert(
      fc.property(filterNode, (node) => {
        const once = parseFilter(JSON.parse(JSON.stringify(printFilter(node))));
        if (!once.ok) return;
        const twice = parseFilter(printFilter(once.ast));
        expect(twice.ok && withoutPaths(twice.ast)).toEqual(withoutPaths(once.ast));
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseFilter and readFilter on any JSON", () => {
  const json = fc.jsonValue({ maxDepth: 6 });
  const operator = fc.constantFrom(...FILTER_OPERATORS, "like");
  const shaped = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", maxDepth: 5 },
      fc.dictionary(fieldName, fc.dictionary(operator, json, { maxKeys: 2 }), { maxKeys: 2 }),
      fc.record({ and: fc.array(tie("node"), { maxLength: 3 }) }),
      fc.record({ or: fc.array(tie("node"), { maxLength: 3 }) }),
      fc.record({ not: tie("node") }),
      json,
    ),
  })).node;

  it("never throw, and report problems only under the root", () => {
    fc.assert(
      fc.property(fc.oneof(json, shaped), (value) => {
        const read = readFilter(value, TEST_FIELDS);
        if (read.ok) return;
        expect(read.problems.length).toBeGreaterThan(0);
        for (const problem of read.problems) expect(problem.field).toMatch(/^filter(\.|$)/);
      }),
      { numRuns: 1000 },
    );
  });
});
