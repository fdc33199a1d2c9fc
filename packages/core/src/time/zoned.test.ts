import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  daysBetween,
  isValidDateString,
  isValidTimeZone,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  startOfZonedDay,
  zonedDate,
  zonedParts,
} from "./zoned.ts";

const NY = "America/New_York";
const SH = "Asia/Shanghai";
const iso = (d: Date) => d.toISOString();

describe("isValidTimeZone", () => {
  it("accepts IANA names and UTC", () => {
    for (const tz of [NY, SH, "UTC", "Etc/UTC", "Europe/London", "Asia/Kolkata"]) {
      expect(isValidTimeZone(tz)).toBe(true);
    }
  });

  it("rejects unknown names and junk", () => {
    for (const tz of ["", "Nope/Zone", "Asia/Shanghaii", "America/New York", "Mars/Olympus_Mons"]) {
      expect(isValidTimeZone(tz)).toBe(false);
    }
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
  });
});

describe("zonedDate and zonedParts", () => {
  it("gives the calendar date in the zone, not in UTC", () => {
    const instant = new Date("2026-01-01T16:00:00Z");
    expect(zonedDate(instant, SH)).toBe("2026-01-02");
    expect(zonedDate(instant, NY)).toBe("2026-01-01");
    expect(zonedDate(new Date("2026-01-01T04:59:59Z"), NY)).toBe("2025-12-31");
    expect(zonedDate(new Date("2026-01-01T05:00:00Z"), NY)).toBe("2026-01-01");
  });

  it("returns wall-clock fields and the ISO weekday", () => {
    expect(zonedParts(new Date("2026-01-01T16:00:00Z"), SH)).toEqual({
      year: 2026,
      month: 1,
      day: 2,
      hour: 0,
      minute: 0,
      second: 0,
      weekday: 5,
    });
    // 03:00 EDT, just after the 2026 spring-forward; a Sunday.
    expect(zonedParts(new Date("2026-03-08T07:00:05Z"), NY)).toEqual({
      year: 2026,
      month: 3,
      day: 8,
      hour: 3,
      minute: 0,
      second: 5,
      weekday: 7,
    });
    expect(zonedParts(new Date("2026-03-09T12:00:00Z"), "UTC").weekday).toBe(1);
  });

  it("uses 00 rather than 24 for the midnight hour", () => {
    expect(zonedParts(new Date("2026-03-09T04:00:00Z"), NY).hour).toBe(0);
  });

  it("throws on an unknown zone", () => {
    expect(() => zonedDate(new Date(), "Nope/Zone")).toThrow(RangeError);
  });
});

describe("startOfZonedDay", () => {
  it("has a fixed +08:00 offset in Asia/Shanghai", () => {
    expect(iso(startOfZonedDay("2026-03-08", SH))).toBe("2026-03-07T16:00:00.000Z");
    expect(iso(startOfZonedDay("2026-07-01", SH))).toBe("2026-06-30T16:00:00.000Z");
    expect(iso(startOfZonedDay("2024-02-29", SH))).toBe("2024-02-28T16:00:00.000Z");
  });

  it("follows New York across the spring-forward", () => {
    expect(iso(startOfZonedDay("2026-03-08", NY))).toBe("2026-03-08T05:00:00.000Z");
    expect(iso(startOfZonedDay("2026-03-09", NY))).toBe("2026-03-09T04:00:00.000Z");
  });

  it("follows New York across the fall-back", () => {
    expect(iso(startOfZonedDay("2026-11-01", NY))).toBe("2026-11-01T04:00:00.000Z");
    expect(iso(startOfZonedDay("2026-11-02", NY))).toBe("2026-11-02T05:00:00.000Z");
  });

  it("starts at the transition when midnight itself is skipped", () => {
    // Chile sprang forward at 24:00 on 2024-09-07, so 2024-09-08 began at 01:00 -03.
    expect(iso(startOfZonedDay("2024-09-08", "America/Santiago"))).toBe("2024-09-08T04:00:00.000Z");
    // Brazil did the same on 2018-11-04.
    expect(iso(startOfZonedDay("2018-11-04", "America/Sao_Paulo"))).toBe("2018-11-04T03:00:00.000Z");
  });

  it("is not fooled by a fall-back from midnight into the previous day", () => {
    // 2018-02-18 00:00 -02 became 2018-02-17 23:00 -03, so the 18th began an hour later.
    expect(iso(startOfZonedDay("2018-02-18", "America/Sao_Paulo"))).toBe("2018-02-18T03:00:00.000Z");
  });

  it("handles zones east of UTC with half-hour offsets", () => {
    expect(iso(startOfZonedDay("2026-01-01", "Asia/Kolkata"))).toBe("2025-12-31T18:30:00.000Z");
  });

  it("rejects invalid dates and zones", () => {
    expect(() => startOfZonedDay("2026-02-30", SH)).toThrow(RangeError);
    expect(() => startOfZonedDay("2026-03-08", "Nope/Zone")).toThrow(RangeError);
  });

  it("is the first instant of the zoned day, for any instant and zone", () => {
    const zones = [
      "UTC",
      SH,
      NY,
      "America/Santiago",
      "America/Sao_Paulo",
      "Australia/Lord_Howe",
      "Pacific/Chatham",
      "Pacific/Apia",
      "Europe/London",
      "Asia/Kolkata",
    ];
    const instants = fc.integer({ min: Date.UTC(1971, 0, 1), max: Date.UTC(2090, 0, 1) });
    fc.assert(
      fc.property(instants, fc.constantFrom(...zones), (ms, tz) => {
        const day = zonedDate(new Date(ms), tz);
        const start = startOfZonedDay(day, tz).getTime();
        expect(start).toBeLessThanOrEqual(ms);
        expect(zonedDate(new Date(start), tz)).toBe(day);
        expect(zonedDate(new Date(start - 1000), tz) < day).toBe(true);
        expect(startOfZonedDay(addDays(day, 1), tz).getTime()).toBeGreaterThan(ms);
      }),
      { numRuns: 300 },
    );
  });
});

describe("isValidDateString", () => {
  it("accepts real calendar dates", () => {
    for (const s of ["2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01", "9999-12-31"]) {
      expect(isValidDateString(s)).toBe(true);
    }
  });

  it("rejects impossible dates and other shapes", () => {
    for (const s of [
      "2023-02-29",
      "1900-02-29",
      "2026-04-31",
      "2026-13-01",
      "2026-00-10",
      "2026-01-00",
      "0000-01-01",
      "2026-1-01",
      "2026-01-01T00:00:00Z",
      " 2026-01-01",
      "20260101",
      "",
    ]) {
      expect(isValidDateString(s)).toBe(false);
    }
  });
});

describe("date arithmetic", () => {
  it("adds days across month, year and leap-day boundaries", () => {
    expect(addDays("2026-03-08", 1)).toBe("2026-03-09");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2023-02-28", 1)).toBe("2023-03-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2026-01-01", 365)).toBe("2027-01-01");
    expect(addDays("2026-01-01", 0)).toBe("2026-01-01");
  });

  it("clamps added months to the month end", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2023-01-31", 1)).toBe("2023-02-28");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonths("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28");
    expect(addMonths("2024-02-29", 48)).toBe("2028-02-29");
    expect(addMonths("2026-11-15", 2)).toBe("2027-01-15");
    expect(addMonths("2026-01-15", -1)).toBe("2025-12-15");
    expect(addMonths("2026-01-15", -25)).toBe("2023-12-15");
  });

  it("rejects non-integer amounts and invalid dates", () => {
    expect(() => addDays("2026-01-01", 1.5)).toThrow(RangeError);
    expect(() => addMonths("2026-01-01", 0.5)).toThrow(RangeError);
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
  });

  it("starts ISO weeks on Monday", () => {
    expect(startOfWeek("2026-03-08")).toBe("2026-03-02"); // Sunday
    expect(startOfWeek("2026-03-09")).toBe("2026-03-09"); // Monday
    expect(startOfWeek("2026-03-11")).toBe("2026-03-09"); // Wednesday
    expect(startOfWeek("2025-01-01")).toBe("2024-12-30"); // across a year
    expect(startOfWeek("2024-03-02")).toBe("2024-02-26"); // across a leap day
  });

  it("finds month, quarter and year starts", () => {
    expect(startOfMonth("2024-02-29")).toBe("2024-02-01");
    expect(startOfQuarter("2026-01-01")).toBe("2026-01-01");
    expect(startOfQuarter("2026-03-31")).toBe("2026-01-01");
    expect(startOfQuarter("2026-04-01")).toBe("2026-04-01");
    expect(startOfQuarter("2026-08-15")).toBe("2026-07-01");
    expect(startOfQuarter("2026-12-31")).toBe("2026-10-01");
    expect(startOfYear("2026-12-31")).toBe("2026-01-01");
  });

  it("counts days between dates", () => {
    expect(daysBetween("2026-03-01", "2026-03-08")).toBe(7);
    expect(daysBetween("2026-03-08", "2026-03-01")).toBe(-7);
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2023-01-01", "2024-01-01")).toBe(365);
    expect(daysBetween("2026-03-08", "2026-03-08")).toBe(0);
  });
});
