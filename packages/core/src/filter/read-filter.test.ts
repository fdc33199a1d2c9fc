import { describe, expect, it } from "vitest";
import { readFilter } from "./read-filter.ts";
import { TEST_FIELDS } from "./test-fields.ts";

const fieldsOf = (json: unknown) => {
  const read = readFilter(json, TEST_FIELDS);
  return read.ok ? [] : read.problems.map((p) => `${p.field} ${p.code}`);
};

describe("readFilter", () => {
  it("lists the parser's and the checker's problems in the order they are written", () => {
    expect(
      fieldsOf({
        and: [{ amount: { gte: "many" } }, { region: { like: "x" } }, { margin: { gt: 1 } }],
      }),
    ).toEqual([
      "filter.and.0.amount.gte invalid_type",
      "filter.and.1.region.like unknown_operator",
      "filter.and.2.margin unknown_field",
    ]);
    expect(
      fieldsOf({
        zeta: { eq: 1 },
        or: [{ due: { within: "someday", eq: "x" } }, "x"],
        score: { between: [1], gt: "y" },
      }),
    ).toEqual([
      "filter.zeta unknown_field",
      "filter.or.0.due.within invalid_format",
      "filter.or.0.due.eq invalid_format",
      "filter.or.1 invalid_type",
      "filter.score.between invalid_type",
      "filter.score.gt invalid_type",
    ]);
  });

  it("reports only the field under an unknown field, as the records API always has", () => {
    expect(
      fieldsOf({ ghost: 5, or: [{ margin: { like: 1, between: 2 } }, { region: { like: 1 } }] }),
    ).toEqual([
      "filter.ghost unknown_field",
      "filter.or.0.margin unknown_field",
      "filter.or.1.region.like unknown_operator",
    ]);
  });

  it("answers a checked filter when there is no problem", () => {
    const read = readFilter({ name: { starts_with: "A" } }, TEST_FIELDS);
    expect(read).toEqual({
      ok: true,
      filter: { kind: "text", field: TEST_FIELDS.get("name"), match: "starts_with", text: "A" },
    });
  });

  it("reports text PostgreSQL cannot bind alone, without looking up fields", () => {
    expect(fieldsOf({ margin: { eq: "\u0000" } })).toEqual(["filter.margin.eq invalid_characters"]);
  });
});
