import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isStorableText, toStorableText, unstorableTextPaths } from "./storable-text.ts";

describe("storable text", () => {
  it("refuses NUL and lone surrogates, keeps surrogate pairs and other control characters", () => {
    for (const text of ["a\u0000b", "\ud800", "x\udfff", "\udc00\ud800", "😀\ud83d"]) {
      expect(isStorableText(text), JSON.stringify(text)).toBe(false);
    }
    for (const text of ["", "客户 😀", "\u0001\t\n\u007f", "مرحبا\u200f", "\ufffd"]) {
      expect(isStorableText(text), JSON.stringify(text)).toBe(true);
    }
  });

  it("makes any text storable by dropping NUL and replacing lone surrogates", () => {
    expect(toStorableText("a\u0000b\ud800c")).toBe("ab\ufffdc");
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
        const storable = toStorableText(text);
        return isStorableText(storable) && (!isStorableText(text) || storable === text);
      }),
    );
    // fast-check's first property of a worker pays its start-up (~2 s alone, far more on a loaded CI machine).
  }, 30_000);

  it("names every unstorable string and key of a JSON value by its path", () => {
    const value = {
      name: "ok",
      labels: { "zh-CN": "a\u0000", en: "fine" },
      records: [{ name: "x" }, { name: "\ud800", tags: ["ok", "\udfff"] }],
      "k\u0000ey": "value",
      count: 3,
    };
    expect(unstorableTextPaths(value)).toEqual(["labels.zh-CN", "records.1.name", "records.1.tags.1", "key"]);
    expect(unstorableTextPaths("\u0000", "body")).toEqual(["body"]);
    expect(unstorableTextPaths({ a: "x" }, "querystring")).toEqual([]);
  });

  it("walks deep values without overflowing the stack, stops at the limit, and skips what is not JSON", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(unstorableTextPaths(deep)).toHaveLength(1);
    expect(unstorableTextPaths(Array(50).fill("\u0000"))).toHaveLength(20);
    expect(unstorableTextPaths({ file: Buffer.from([0]), when: new Date(0) })).toEqual([]);
  });
});
