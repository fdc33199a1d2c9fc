import { describe, expect, it } from "vitest";
import { candidateFor, type ExistingIndex, servedBy } from "./index-candidate.ts";
import type { ReadShape } from "./read-shape.ts";

const shape = (change: Partial<ReadShape>): ReadShape => ({
  object: "deal",
  kind: "list",
  equality: [],
  range: [],
  sort: [],
  idDirection: "desc",
  groupBy: [],
  measures: [],
  scoped: false,
  ...change,
});
const btree = (...keys: Array<[string, "asc" | "desc"]>): ExistingIndex => ({
  name: "i",
  method: "btree",
  valid: true,
  keys: keys.map(([column, direction]) => ({ column, direction })),
});

describe("the index a read shape needs", () => {
  it("puts equality first, then the list's order with its id tie-breaker", () => {
    const wanted = candidateFor(
      shape({ equality: ["status"], range: ["amount"], sort: [{ column: "close_date", direction: "desc" }] }),
    );
    expect(wanted).toEqual({
      object: "deal",
      keys: [
        { column: "status", direction: "asc" },
        { column: "close_date", direction: "desc" },
        { column: "id", direction: "desc" },
      ],
      equalityKeys: 1,
      include: [],
    });
  });

  it("leads with the owner for a reader limited to their own records, and proposes nothing the owner index serves", () => {
    expect(candidateFor(shape({ scoped: true, equality: ["stage"] }))?.keys.map((k) => k.column)).toEqual([
      "owner_id",
      "stage",
      "id",
    ]);
    expect(candidateFor(shape({ scoped: true }))).toBeNull();
    expect(candidateFor(shape({}))).toBeNull();
  });

  it("serves an aggregate with its filter, its groups and the summed column carried along", () => {
    const wanted = candidateFor(
      shape({ kind: "aggregate", equality: ["region"], groupBy: ["stage"], measures: ["amount", "stage"] }),
    );
    expect(wanted?.keys.map((k) => k.column)).toEqual(["region", "stage"]);
    expect(wanted?.include).toEqual(["amount"]);
  });

  it("counts an index as serving when its equality columns lead in any order and the order reads either way", () => {
    const wanted = candidateFor(
      shape({ equality: ["a", "b"], sort: [{ column: "c", direction: "desc" }], idDirection: "desc" }),
    )!;
    expect(servedBy(wanted, btree(["b", "asc"], ["a", "asc"], ["c", "desc"], ["id", "desc"]))).toBe(true);
    expect(servedBy(wanted, btree(["b", "asc"], ["a", "asc"], ["c", "asc"], ["id", "asc"]))).toBe(true);
    expect(servedBy(wanted, btree(["b", "asc"], ["a", "asc"], ["c", "asc"], ["id", "desc"]))).toBe(false);
    expect(servedBy(wanted, btree(["a", "asc"], ["c", "desc"], ["b", "asc"], ["id", "desc"]))).toBe(false);
    expect(
      servedBy(wanted, { ...btree(["a", "asc"], ["b", "asc"], ["c", "desc"], ["id", "desc"]), valid: false }),
    ).toBe(false);
  });
});
