import { describe, expect, it } from "vitest";
import { withBoundedHeap } from "./heap.ts";

// What the bound does to memory is measured by `npm run bench -- import` (ADR 0013), not here.
describe("withBoundedHeap", () => {
  it("returns the work's result and passes its failure on, nested or not", async () => {
    expect(await withBoundedHeap(50, async () => 42)).toBe(42);
    expect(await withBoundedHeap(50, () => withBoundedHeap(50, async () => "nested"))).toBe("nested");
    await expect(withBoundedHeap(50, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withBoundedHeap(0, async () => "untouched")).toBe("untouched");
  });
});
