import { describe, expect, it } from "vitest";
import { dateIn, daysLate } from "./days-late.ts";

describe("days late, in the organisation's time zone", () => {
  // 17:00 UTC on 6 December is already 7 December in Shanghai.
  const evening = new Date("2026-12-06T17:00:00Z");

  it("reads today where the organisation is, not where the browser is", () => {
    expect(dateIn(evening, "Asia/Shanghai")).toBe("2026-12-07");
    expect(dateIn(evening, "UTC")).toBe("2026-12-06");
    expect(daysLate("2026-12-06", evening, "Asia/Shanghai")).toBe(1);
    expect(daysLate("2026-12-06", evening, "UTC")).toBe(0);
  });

  it("puts a datetime on its day in that zone and never counts a future date", () => {
    expect(daysLate("2026-12-04T20:00:00Z", evening, "Asia/Shanghai")).toBe(2);
    expect(daysLate("2026-12-09", evening, "Asia/Shanghai")).toBe(0);
    expect(daysLate("2026-11-30", evening, "Asia/Shanghai")).toBe(7);
  });
});
