import type { ReadShape, Translatable } from "@keduo/core";
import { describe, expect, it } from "vitest";
import type { ObjectMeta } from "../api/types.ts";
import { advisorEn, advisorZhCN } from "../i18n/advisor.ts";
import { columnNamer, keysInWords, shapeFilterWords, shapeOrderWords } from "./index-words.ts";

const deal = {
  api_name: "deal",
  fields: [
    { api_name: "status", labels: { "zh-CN": "状态", en: "Status" } },
    { api_name: "close_date", labels: { "zh-CN": "成交日期", en: "Close date" } },
  ],
} as unknown as ObjectMeta;

const zhLabel = (label: Translatable) => label["zh-CN"];
const enLabel = (label: Translatable) => label.en;

const shape: ReadShape = {
  object: "deal",
  kind: "list",
  equality: ["status"],
  range: ["amount"],
  sort: [{ column: "close_date", direction: "desc" }],
  idDirection: "desc",
  groupBy: [],
  measures: [],
  scoped: false,
};

describe("an index in words", () => {
  it("names fields by their label, system columns by their name, with ↑/↓ for the direction", () => {
    const zh = columnNamer(deal, zhLabel, advisorZhCN.systemColumn);
    const definition = {
      object: "deal",
      keys: [
        { column: "status", direction: "asc" as const },
        { column: "close_date", direction: "desc" as const },
        { column: "id", direction: "desc" as const },
      ],
      equalityKeys: 1,
      include: [],
    };
    expect(keysInWords(definition, zh)).toBe("状态 ↑ · 成交日期 ↓ · 记录 ID ↓");
    const en = columnNamer(deal, enLabel, advisorEn.systemColumn);
    expect(keysInWords(definition, en)).toBe("Status ↑ · Close date ↓ · Record ID ↓");
  });

  it("keeps a column it cannot name (a field deleted since) as the column", () => {
    expect(columnNamer(deal, enLabel, advisorEn.systemColumn)("amount")).toBe("amount");
    expect(columnNamer(undefined, enLabel, advisorEn.systemColumn)("owner_id")).toBe("Owner");
  });

  it("says what a read shape filters and sorts on", () => {
    const zh = columnNamer(deal, zhLabel, advisorZhCN.systemColumn);
    const words = { equals: (c: string) => `${c} =`, range: (c: string) => `${c} 范围` };
    expect(shapeFilterWords(shape, zh, words)).toEqual(["状态 =", "amount 范围"]);
    expect(shapeOrderWords(shape, zh, (c) => `按 ${c} 分组`)).toEqual(["成交日期 ↓"]);
    const summary = { ...shape, kind: "aggregate" as const, groupBy: ["status"] };
    expect(shapeOrderWords(summary, zh, (c) => `按 ${c} 分组`)).toEqual(["按 状态 分组"]);
  });
});
