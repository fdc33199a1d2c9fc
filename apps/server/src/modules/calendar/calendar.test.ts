import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInUser } from "../../test/private-reps.ts";
import { expectCleanProblem } from "../../test/problems.ts";
import { startTestApp, type TestApp } from "../../test/test-app.ts";
import { queryAudit } from "../audit/index.ts";
import { readChineseDays } from "./chinese-days-source.ts";
import { WorkingCalendarService } from "./working-calendar.service.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app?.close());

const put = (date: string, body: unknown, client = app.admin) =>
  client.request("PUT", `/api/admin/calendar/days/${date}`, body);
const yearOf = async (year: number) => {
  const response = await app.admin.get(`/api/admin/calendar?year=${year}`);
  expect(response.status, response.text).toBe(200);
  return response.body as {
    official_loaded: boolean;
    official_source: string;
    default_rule: { working_weekdays: number[] };
    days: Array<{ date: string; working: boolean; name: Record<string, string> | null; source: string }>;
  };
};
const dayIn = async (date: string) =>
  (await yearOf(Number(date.slice(0, 4)))).days.find((d) => d.date === date);

describe("a new installation's working calendar", () => {
  it("holds every official day of the chinese-days package, 2004 to 2026", async () => {
    const official = readChineseDays();
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n
      FROM ${sql.id(app.database.schemas.system, "calendar_days")} WHERE source = 'chinese-days'`.execute(
      app.database.db,
    );
    expect(rows[0]?.n).toBe(official.days.length);
    expect(official.years[0]).toBe(2004);
    expect(official.years).toContain(2026);
  });

  it("shows 2026 with National Day off, its 调休 days worked and the Monday–Friday rule", async () => {
    const year = await yearOf(2026);
    expect(year.official_loaded).toBe(true);
    expect(year.official_source).toMatch(/^chinese-days@\d+\.\d+\.\d+$/);
    expect(year.default_rule.working_weekdays).toEqual([1, 2, 3, 4, 5]);
    const nationalDay = year.days.filter((d) => d.date >= "2026-10-01" && d.date <= "2026-10-07");
    expect(nationalDay.map((d) => [d.working, d.name?.["zh-CN"], d.name?.en, d.source])).toEqual(
      Array(7).fill([false, "国庆节", "National Day", "chinese-days"]),
    );
    expect(year.days.find((d) => d.date === "2026-10-10")).toMatchObject({
      working: true,
      source: "chinese-days",
    });
    expect(year.days.find((d) => d.date === "2026-09-20")).toMatchObject({ working: true });
    expect((await yearOf(2040)).official_loaded).toBe(false);
  });

  it("counts business days past the national holiday and on the 调休 Saturday", async () => {
    const calendar = await app.server.calendar.load(app.database.db);
    expect(calendar.addBusinessDays("2026-09-30", 1)).toBe("2026-10-08");
    expect(calendar.addBusinessDays("2026-09-30", 3)).toBe("2026-10-10");
    expect(calendar.datesShiftedTo("2026-09-30", -1)).toContain("2026-10-05");
  });

  it("loads inside a transaction, on its connection", async () => {
    const working = await app.database.db
      .transaction()
      .execute(async (trx) => (await app.server.calendar.load(trx)).isWorkingDay("2026-10-01"));
    expect(working).toBe(false);
  });
});

describe("the admin's edits", () => {
  it("name a company holiday, audited, and every business-day count follows at once", async () => {
    const before = await app.server.calendar.load(app.database.db);
    expect(before.addBusinessDays("2026-12-30", 1)).toBe("2026-12-31");
    const response = await put("2026-12-31", {
      working: false,
      name: { "zh-CN": " 年终盘点 ", en: "Stocktaking" },
    });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({
      date: "2026-12-31",
      working: false,
      name: { "zh-CN": "年终盘点", en: "Stocktaking" },
      source: "admin",
    });
    const after = await app.server.calendar.load(app.database.db);
    expect(after).not.toBe(before);
    expect(after.addBusinessDays("2026-12-30", 1)).toBe("2027-01-01");
    expect(await app.server.calendar.load(app.database.db)).toBe(after);
    const { entries } = await queryAudit(app.database.db, { action: "calendar.day.set", limit: 5 });
    expect(entries[0]?.details).toMatchObject({
      date: "2026-12-31",
      before: null,
      after: { working: false, source: "admin" },
    });
  });

  it("override an official day, and a reset returns it to the weekday rule for good", async () => {
    expect((await put("2026-10-10", { working: false, name: null })).body).toMatchObject({
      working: false,
      name: null,
      source: "admin",
    });
    const reset = await app.admin.delete("/api/admin/calendar/days/2026-10-10");
    expect(reset.status, reset.text).toBe(204);
    expect(await dayIn("2026-10-10")).toBeUndefined();
    expect((await app.server.calendar.load(app.database.db)).isWorkingDay("2026-10-10")).toBe(false);
    const { entries } = await queryAudit(app.database.db, { action: "calendar.day.reset", limit: 5 });
    expect(entries[0]?.details).toMatchObject({ date: "2026-10-10", after: null });
    // Resetting a day that follows the rule already changes nothing and is no error.
    expect((await app.admin.delete("/api/admin/calendar/days/2026-10-10")).status).toBe(204);

    // A second start does not bring the official day back: 2026 was loaded once.
    const second = await startTestApp({ sameDatabaseAs: app });
    try {
      expect(await dayIn("2026-10-10")).toBeUndefined();
    } finally {
      await second.close();
    }
  });

  it("reach another app instance's cached calendar", async () => {
    const second = await startTestApp({ sameDatabaseAs: app });
    try {
      const cached = await second.server.calendar.load(second.database.db);
      expect(cached.isWorkingDay("2026-11-02")).toBe(true);
      expect((await put("2026-11-02", { working: false })).status).toBe(200);
      expect((await second.server.calendar.load(second.database.db)).isWorkingDay("2026-11-02")).toBe(false);
    } finally {
      await second.close();
    }
  });

  it("make a weekend day a working day without a name", async () => {
    const response = await put("2026-11-07", { working: true, name: { "zh-CN": " ", en: "" } });
    expect(response.body).toMatchObject({ working: true, name: null });
    expect((await app.server.calendar.load(app.database.db)).addBusinessDays("2026-11-06", 1)).toBe(
      "2026-11-07",
    );
  });
});

describe("refused", () => {
  it("dates that are not dates, named in the caller's language", async () => {
    for (const date of ["2026-02-30", "0000-01-01", "2026-1-5", "tomorrow"]) {
      const response = await put(date, { working: false });
      expectCleanProblem(response, 400, "VALIDATION_FAILED", { field: "date", code: "invalid_date" });
      expect(response.body.errors[0].message).toContain(`“${date}” is not a valid date`);
    }
    app.admin.locale = "zh-CN";
    try {
      const response = await app.admin.delete("/api/admin/calendar/days/2026-13-01");
      expectCleanProblem(response, 400, "VALIDATION_FAILED", { field: "date", code: "invalid_date" });
      expect(response.body.errors[0].message).toContain("不是有效的日期");
    } finally {
      app.admin.locale = "en";
    }
  });

  it("a body without `working`, a name too long and a year out of range", async () => {
    expectCleanProblem(await put("2026-12-01", { name: { en: "x" } }), 400, "VALIDATION_FAILED", {
      field: "working",
      code: "required",
    });
    expectCleanProblem(
      await put("2026-12-01", { working: true, name: { en: "x".repeat(61) } }),
      400,
      "VALIDATION_FAILED",
    );
    expectCleanProblem(await app.admin.get("/api/admin/calendar?year=0"), 400, "VALIDATION_FAILED");
    expectCleanProblem(await app.admin.get("/api/admin/calendar"), 400, "VALIDATION_FAILED");
  });

  it("to a user without the right to change configuration", async () => {
    const rep = await signedInUser(app, "calendar-rep");
    expectCleanProblem(await rep.client.get("/api/admin/calendar?year=2026"), 403, "FORBIDDEN");
    expectCleanProblem(await put("2026-12-01", { working: false }, rep.client), 403, "FORBIDDEN");
    expectCleanProblem(await rep.client.delete("/api/admin/calendar/days/2026-10-01"), 403, "FORBIDDEN");
    expect((await dayIn("2026-10-01"))?.working).toBe(false);
  });
});

describe("a package upgrade that brings a new year", () => {
  it("loads that year only, keeping an admin's entry made ahead of it", async () => {
    expect((await put("2027-02-01", { working: true, name: { en: "Our own" } })).status).toBe(200);
    const official = readChineseDays();
    const upgraded = new WorkingCalendarService({
      database: app.database,
      clock: app.clock,
      official: () => ({
        source: "chinese-days@9.9.9",
        years: [...official.years, 2027],
        days: [
          ...official.days,
          { date: "2027-02-01", working: false, name: { "zh-CN": "春节", en: "Spring Festival" } },
          { date: "2027-02-02", working: false, name: { "zh-CN": "春节", en: "Spring Festival" } },
          { date: "2026-10-10", working: true, name: { "zh-CN": "国庆节", en: "National Day" } },
        ],
      }),
    });
    expect(await upgraded.loadOfficialYears()).toEqual([2027]);
    expect(await upgraded.loadOfficialYears()).toEqual([]);
    const year = await yearOf(2027);
    expect(year.official_loaded).toBe(true);
    expect(year.days.map((d) => [d.date, d.working, d.source])).toEqual([
      ["2027-02-01", true, "admin"],
      ["2027-02-02", false, "chinese-days"],
    ]);
    // 2026 was loaded before: its day reset by the admin stays reset.
    expect(await dayIn("2026-10-10")).toBeUndefined();
    expect((await app.server.calendar.load(app.database.db)).isWorkingDay("2027-02-02")).toBe(false);
  });
});
