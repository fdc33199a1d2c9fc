import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { openPage, PHONE, screenshot, startWorld, stopWorld, type TestWorld, withPage } from "./browser.ts";
import { journey } from "./journey.ts";
import { ADMIN } from "./keduo-server.ts";
import { login } from "./ui.ts";

// Issue 17, point 5: the working calendar in the browser. A new installation shows 2026's National Day as days
// off and its 调休 days as working days; the admin makes 31 December a company holiday, which the server keeps
// (reload, API), returns the 调休 Saturday to the weekday rule, and sees it all on a phone in English.

let world: TestWorld;
let page: Page;

type Year = {
  days: Array<{ date: string; working: boolean; name: Record<string, string> | null; source: string }>;
};
const storedDay = async (date: string) =>
  (await world.api.request<Year>("GET", `/api/admin/calendar?year=${date.slice(0, 4)}`)).days.find(
    (d) => d.date === date,
  );

beforeAll(async () => {
  world = await startWorld();
  page = await openPage(world);
});

afterAll(() => stopWorld(world));

const step = journey(() => page);
const day = (target: Page, date: string) => target.getByTestId(`calendar-day-${date}`);
const kindOf = (target: Page, date: string) => day(target, date).getAttribute("data-kind");

async function openYear(target: Page, year: number) {
  await target.goto(`/admin/calendar?year=${year}`);
  await target.getByTestId("calendar-year").getByText(String(year)).waitFor();
  await day(target, `${year}-01-01`).waitFor();
}

describe("the working calendar", () => {
  step("opens from the navigation and shows 2026's National Day and its 调休 days (zh-CN)", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.getByTestId("nav-menu").getByText("工作日历", { exact: true }).click();
    await page.waitForURL(/\/admin\/calendar/);
    await page.getByTestId("calendar-title").getByText("工作日历").waitFor();
    await openYear(page, 2026);
    for (let d = 1; d <= 7; d++) expect(await kindOf(page, `2026-10-0${d}`)).toBe("holiday");
    expect(await kindOf(page, "2026-10-10")).toBe("make-up");
    expect(await kindOf(page, "2026-09-20")).toBe("make-up");
    expect(await kindOf(page, "2026-10-09")).toBe("working");
    expect(await kindOf(page, "2026-10-11")).toBe("weekend");
    expect(await day(page, "2026-10-01").getAttribute("aria-label")).toContain("国庆节");
    await expect.poll(() => day(page, "2026-10-10").textContent()).toContain("班");
    const nationalDay = page.getByTestId("calendar-list-2026-10-01");
    await nationalDay.getByText("10月1日周四至10月7日周三").waitFor();
    await nationalDay.getByText("7 天").waitFor();
    await nationalDay.getByText("国庆节").waitFor();
    await screenshot(page, "calendar-1280-zh");
    await page.getByTestId("calendar-month-10").scrollIntoViewIfNeeded();
    await screenshot(page, "calendar-october-1280-zh");
  });

  step("makes 31 December a named company holiday, kept by the server", async () => {
    await day(page, "2026-12-31").click();
    const editor = page.getByTestId("calendar-day-editor");
    await editor.getByText("2026年12月31日星期四").waitFor();
    await editor.getByText("休息", { exact: true }).click();
    await page.locator("#calendar_day_name_zh-CN").fill("年终盘点");
    await page.locator("#calendar_day_name_en").fill("Stocktaking");
    await screenshot(page, "calendar-editor-1280-zh");
    await page.getByTestId("calendar-day-save").click();
    await page.getByText("2026-12-31 已保存").waitFor();
    await expect.poll(() => kindOf(page, "2026-12-31")).toBe("holiday");
    expect(await day(page, "2026-12-31").getAttribute("data-source")).toBe("admin");

    await page.reload();
    await day(page, "2026-12-31").waitFor();
    expect(await kindOf(page, "2026-12-31")).toBe("holiday");
    await page.getByTestId("calendar-list-2026-12-31").getByText("年终盘点").waitFor();
    expect(await storedDay("2026-12-31")).toMatchObject({
      working: false,
      name: { "zh-CN": "年终盘点", en: "Stocktaking" },
      source: "admin",
    });
  });

  step("returns the 调休 Saturday to the weekday rule", async () => {
    await day(page, "2026-10-10").click();
    const editor = page.getByTestId("calendar-day-editor");
    await editor.getByText("调休上班 · 国庆节 · 法定安排").waitFor();
    await page.getByTestId("calendar-day-reset").click();
    await page.getByText("2026-10-10 已恢复默认规则").waitFor();
    await expect.poll(() => kindOf(page, "2026-10-10")).toBe("weekend");
    expect(await storedDay("2026-10-10")).toBeUndefined();
    await page.reload();
    await day(page, "2026-10-10").waitFor();
    expect(await kindOf(page, "2026-10-10")).toBe("weekend");
  });

  step("works on a phone in English", async () => {
    await withPage(
      world,
      { viewport: PHONE, locale: "en", user: ADMIN, name: "calendar-phone" },
      async (mobile) => {
        await mobile.getByTestId("nav-open").click();
        await mobile.locator(".ant-drawer-open").getByText("Working calendar").click();
        await mobile.waitForURL(/\/admin\/calendar/);
        await openYear(mobile, 2026);
        expect(await kindOf(mobile, "2026-10-01")).toBe("holiday");
        expect(await day(mobile, "2026-10-01").getAttribute("aria-label")).toContain("National Day");
        expect(await kindOf(mobile, "2026-09-20")).toBe("make-up");
        expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await screenshot(mobile, "calendar-390-en");
        await mobile.getByTestId("calendar-month-10").scrollIntoViewIfNeeded();
        await screenshot(mobile, "calendar-october-390-en");
        await day(mobile, "2026-12-31").scrollIntoViewIfNeeded();
        await day(mobile, "2026-12-31").click();
        await mobile
          .getByTestId("calendar-day-editor")
          .getByText("Day off · Stocktaking · Set by an admin")
          .waitFor();
        await screenshot(mobile, "calendar-editor-390-en");
      },
    );
  });
});
