import { describe, expect, it } from "vitest";
import { SettableClock, systemClock } from "./clock.ts";

describe("systemClock", () => {
  it("returns the current time", () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe("SettableClock", () => {
  it("starts at the initial time and only moves when told", () => {
    const clock = new SettableClock(new Date("2026-03-08T05:00:00Z"));
    expect(clock.now().toISOString()).toBe("2026-03-08T05:00:00.000Z");
    clock.advance(90_000);
    expect(clock.now().toISOString()).toBe("2026-03-08T05:01:30.000Z");
    clock.advance(-30_000);
    expect(clock.now().toISOString()).toBe("2026-03-08T05:01:00.000Z");
    clock.set(new Date("2030-01-01T00:00:00Z"));
    expect(clock.now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
  });

  it("is not affected by mutating the dates passed in or handed out", () => {
    const initial = new Date("2026-01-01T00:00:00Z");
    const clock = new SettableClock(initial);
    initial.setUTCFullYear(1999);
    clock.now().setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });
});
