import { describe, expect, it } from "vitest";
import { interpolate, negotiateLocale } from "./locale.ts";

describe("negotiateLocale", () => {
  it("picks the highest-ranked supported language", () => {
    expect(negotiateLocale("en-US,en;q=0.9,zh;q=0.8", "zh-CN")).toBe("en");
    expect(negotiateLocale("fr;q=1, zh-TW;q=0.5", "en")).toBe("zh-CN");
    expect(negotiateLocale("fr", "en")).toBe("en");
    expect(negotiateLocale(undefined, "zh-CN")).toBe("zh-CN");
    expect(negotiateLocale("en;q=0, zh-CN;q=0.1", "en")).toBe("zh-CN");
  });

  it("interpolates parameters and leaves unknown ones visible", () => {
    expect(interpolate("第 {line} 行 {missing}", { line: 3 })).toBe("第 3 行 {missing}");
  });
});
