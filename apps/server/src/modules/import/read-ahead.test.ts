import { describe, expect, it } from "vitest";
import { readAhead } from "./read-ahead.ts";

describe("readAhead", () => {
  it("produces the next item while the consumer still works on this one", async () => {
    const log: string[] = [];
    async function* source() {
      for (let i = 1; i <= 3; i++) {
        log.push(`produce ${i}`);
        await new Promise((r) => setTimeout(r, 5));
        yield i;
      }
    }
    const seen: number[] = [];
    for await (const item of readAhead(source())) {
      log.push(`consume ${item} start`);
      await new Promise((r) => setTimeout(r, 20));
      log.push(`consume ${item} end`);
      seen.push(item);
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(log.indexOf("produce 2")).toBeLessThan(log.indexOf("consume 1 end"));
    expect(log.indexOf("produce 3")).toBeLessThan(log.indexOf("consume 2 end"));
  });

  it("rethrows a producer's failure where that item would have been consumed", async () => {
    async function* source() {
      yield 1;
      throw new Error("broken row");
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source())) seen.push(item);
      })(),
    ).rejects.toThrow("broken row");
    expect(seen).toEqual([1]);
  });

  it("stopping early closes the source", async () => {
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    for await (const item of readAhead(source())) if (item === 2) break;
    expect(closed).toBe(true);
  });
});
