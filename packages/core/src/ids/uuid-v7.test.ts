import { describe, expect, it } from "vitest";
import { isUuid, uuidv7 } from "./uuid-v7.ts";

const V7_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function timestampOf(id: string): number {
  return Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16);
}

describe("uuidv7", () => {
  it("has the canonical lowercase form with version 7 and variant 10", () => {
    for (let i = 0; i < 100; i++) {
      const id = uuidv7();
      expect(id).toMatch(V7_RE);
      expect(isUuid(id)).toBe(true);
    }
  });

  it("encodes the current time", () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(timestampOf(id)).toBeGreaterThanOrEqual(before);
    // The overflow bump can run at most a few ms ahead of the clock.
    expect(timestampOf(id)).toBeLessThanOrEqual(after + 5);
  });

  it("decodes a given timestamp back", () => {
    for (const ms of [Date.UTC(2030, 0, 1), Date.UTC(2040, 5, 15, 12, 34, 56, 789), 2 ** 48 - 1]) {
      expect(timestampOf(uuidv7(ms))).toBe(ms);
    }
  });

  it("is strictly increasing across 10,000 ids in a tight loop", () => {
    const ids: string[] = [];
    for (let i = 0; i < 10_000; i++) ids.push(uuidv7());
    for (let i = 1; i < ids.length; i++) {
      expect(ids[i]! > ids[i - 1]!).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("counts within one millisecond and bumps the timestamp when the counter overflows", () => {
    const ms = Date.UTC(2050, 0, 1);
    const ids = Array.from({ length: 5000 }, () => uuidv7(ms));
    for (let i = 1; i < ids.length; i++) {
      expect(ids[i]! > ids[i - 1]!).toBe(true);
    }
    expect(timestampOf(ids[0]!)).toBe(ms);
    // The counter starts below 2048 and holds 4096 values, so 5000 ids need at least one bump.
    const last = timestampOf(ids.at(-1)!);
    expect(last).toBeGreaterThan(ms);
    expect(last).toBeLessThanOrEqual(ms + 3);
  });

  it("stays ordered when the clock steps back a little", () => {
    const ms = Date.UTC(2060, 0, 1);
    const a = uuidv7(ms);
    const b = uuidv7(ms - 500);
    expect(b > a).toBe(true);
    expect(timestampOf(b)).toBe(ms);
  });

  it("rejects timestamps outside 48 bits", () => {
    expect(() => uuidv7(-1)).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48)).toThrow(RangeError);
    expect(() => uuidv7(Number.NaN)).toThrow(RangeError);
  });
});

describe("isUuid", () => {
  it("accepts any version in either case", () => {
    for (const s of [
      "123e4567-e89b-12d3-a456-426614174000",
      "6ba7b810-9dad-41d1-80b4-00c04fd430c8",
      "019a1b2c-3d4e-7f60-8a1b-2c3d4e5f6a7b",
      "019A1B2C-3D4E-7F60-8A1B-2C3D4E5F6A7B",
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
    ]) {
      expect(isUuid(s), s).toBe(true);
    }
  });

  it("rejects non-canonical forms", () => {
    for (const s of [
      "",
      "123e4567e89b12d3a456426614174000",
      "{123e4567-e89b-12d3-a456-426614174000}",
      "123e4567-e89b-12d3-a456-42661417400",
      "123e4567-e89b-12d3-a456-4266141740000",
      "123e4567-e89b-12d3-a456_426614174000",
      "g23e4567-e89b-12d3-a456-426614174000",
      " 123e4567-e89b-12d3-a456-426614174000",
      "123e4567-e89b-12d3-a456-426614174000\n",
    ]) {
      expect(isUuid(s), JSON.stringify(s)).toBe(false);
    }
  });
});
