import { describe, expect, it } from "vitest";
import type { FieldMeta, RecordData } from "../../api/types.ts";
import {
  allOf,
  amountFieldOf,
  boardAggregate,
  cardFieldNames,
  columnRecords,
  gateMessages,
  offBoardCount,
  type PendingMove,
  pipelineFilter,
  shownCount,
  totalsByStage,
} from "./board-model.ts";

const record = (id: string, stage: string): RecordData => ({
  id,
  version: 1,
  created_at: "",
  updated_at: "",
  created_by: null,
  updated_by: null,
  stage,
});

describe("which records a pipeline holds", () => {
  it("takes the named pipeline, and also the empty pipeline field for the default one", () => {
    const sales = { api_name: "sales", pipeline_field: "pipeline", is_default: true };
    expect(pipelineFilter(sales)).toEqual({
      or: [{ pipeline: { eq: "sales" } }, { pipeline: { is_empty: true } }],
    });
    expect(pipelineFilter({ ...sales, api_name: "project", is_default: false })).toEqual({
      pipeline: { eq: "project" },
    });
    expect(pipelineFilter({ ...sales, pipeline_field: null })).toBeUndefined();
  });

  it("ANDs only the filters that are given", () => {
    expect(allOf(undefined, null)).toBeUndefined();
    expect(allOf({ a: { eq: 1 } }, undefined)).toEqual({ a: { eq: 1 } });
    expect(allOf({ a: { eq: 1 } }, { b: { eq: 2 } })).toEqual({ and: [{ a: { eq: 1 } }, { b: { eq: 2 } }] });
  });
});

describe("column totals from one aggregate call", () => {
  it("asks for count and the money sum per stage, or the count alone without a money field", () => {
    expect(boardAggregate({ x: { eq: 1 } }, "stage", "amount")).toEqual({
      filter: { x: { eq: 1 } },
      group_by: [{ field: "stage" }],
      aggregates: [{ fn: "count" }, { fn: "sum", field: "amount", as: "amount" }],
    });
    expect(boardAggregate(undefined, "stage")).toEqual({
      group_by: [{ field: "stage" }],
      aggregates: [{ fn: "count" }],
    });
  });

  it("keeps one total per currency, the preferred first, and counts records outside the pipeline", () => {
    const totals = totalsByStage(
      [
        {
          key: { stage: "qualify" },
          values: { count: 3, amount: { USD: "10.00", CNY: "1200.50", EUR: "1" } },
        },
        { key: { stage: "won" }, values: { count: 1, amount: {} } },
        { key: { stage: null }, values: { count: 2, amount: {} } },
        { key: { stage: "tech" }, values: { count: 4, amount: null } },
      ],
      "stage",
    );
    expect(totals.get("qualify")).toEqual({
      count: 3,
      amounts: [
        { currency: "CNY", amount: "1200.50" },
        { currency: "EUR", amount: "1" },
        { currency: "USD", amount: "10.00" },
      ],
    });
    expect(totals.get("won")).toEqual({ count: 1, amounts: [] });
    expect(offBoardCount(totals, { stages: [{ value: "qualify" }, { value: "won" }] as never })).toBe(6);
  });
});

describe("cards while a move is on its way", () => {
  const moves = new Map<string, PendingMove>([
    ["b", { record: record("b", "qualify"), from: "qualify", to: "won" }],
  ]);

  it("leaves the source column at once and shows on top of the target in its new stage", () => {
    const qualify = [record("a", "qualify"), record("b", "qualify")];
    expect(columnRecords("qualify", "stage", qualify, moves).map((r) => r.id)).toEqual(["a"]);
    const won = columnRecords("won", "stage", [record("c", "won")], moves);
    expect(won.map((r) => [r.id, r.stage])).toEqual([
      ["b", "won"],
      ["c", "won"],
    ]);
    // Once the target's reload has it, it is shown once, where the server put it.
    const reloaded = [record("c", "won"), record("b", "won")];
    expect(columnRecords("won", "stage", reloaded, moves).map((r) => r.id)).toEqual(["c", "b"]);
  });

  it("counts a move until totals fetched after the save know of it", () => {
    expect(shownCount("qualify", 2, moves, 0)).toBe(1);
    expect(shownCount("won", 1, moves, 0)).toBe(2);
    const saved = new Map([["b", { ...moves.get("b")!, savedAt: 100 }]]);
    expect(shownCount("won", 1, saved, 99)).toBe(2);
    expect(shownCount("won", 2, saved, 100)).toBe(2);
  });
});

describe("a refused move's messages", () => {
  it("names the field of a gate about another field, not the stage field itself", () => {
    const labels: Record<string, string> = { amount: "金额", stage: "阶段" };
    expect(
      gateMessages(
        [
          { field: "amount", message: "进入“方案”阶段前须填写此项" },
          { field: "stage", message: "不能离开“方案”：金额至少 1000" },
          { field: "unknown", message: "x" },
        ],
        "stage",
        (name) => labels[name],
        (field, message) => `${field}：${message}`,
      ),
    ).toEqual(["金额：进入“方案”阶段前须填写此项", "不能离开“方案”：金额至少 1000", "x"]);
  });
});

describe("what a card shows", () => {
  const field = (api_name: string, type: FieldMeta["type"]) => ({ api_name, type }) as FieldMeta;

  it("sums the first money field the view shows, else the object's first", () => {
    const fields = [field("name", "text"), field("amount", "currency"), field("cost", "currency")];
    expect(amountFieldOf(fields, ["name", "cost"])?.api_name).toBe("cost");
    expect(amountFieldOf(fields, ["name"])?.api_name).toBe("amount");
    expect(amountFieldOf([field("name", "text")], ["name"])).toBeUndefined();
  });

  it("lists the view's first three other columns", () => {
    expect(
      cardFieldNames(
        ["name", "stage", "region", "amount", "close", "owner_id", "email", "phone"],
        ["name", "stage", "amount", "owner_id", undefined],
      ),
    ).toEqual(["region", "close", "email"]);
  });
});
