import { describe, expect, it } from "vitest";
import { en } from "../i18n/en.ts";
import { zhCN } from "../i18n/zh-cn.ts";
import { totalFigure } from "./list-total.ts";

const text = (template: string, total: string) => template.replace("{{total}}", total);

describe("a list's total", () => {
  it("shows an estimate rounded, with the locale's separators, as 约 … 条 / about …", () => {
    expect(totalFigure(124_337, true, "zh-CN")).toBe("124,000");
    expect(text(zhCN.list.totalEstimated, totalFigure(124_337, true, "zh-CN"))).toBe("约 124,000 条");
    expect(text(en.list.totalEstimated, totalFigure(124_337, true, "en"))).toBe("about 124,000");
    expect(totalFigure(1_234_567, true, "en")).toBe("1,230,000");
    expect(totalFigure(10_001, true, "en")).toBe("10,000");
  });

  it("shows an exact count as it is", () => {
    expect(text(zhCN.list.total, totalFigure(124_337, false, "zh-CN"))).toBe("共 124,337 条");
    expect(text(en.list.total, totalFigure(124_337, false, "en"))).toBe("124,337 in all");
    expect(totalFigure(7, false, "en")).toBe("7");
  });
});
