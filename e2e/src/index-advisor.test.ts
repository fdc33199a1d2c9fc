import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { openPage, PHONE, screenshot, startWorld, stopWorld, type TestWorld, withPage } from "./browser.ts";
import { defineObject, label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN } from "./keduo-server.ts";
import { login } from "./ui.ts";

// Issue 19, item 1: the index advisor's page. On a server where every read counts as slow and three slow reads
// of one kind earn a proposal, an admin switches automatic building off, people list 商机 filtered by status
// and sorted by close date, and 立即分析 shows the proposal in words (状态 ↑ · 成交日期 ↓ · 记录 ID ↓, live
// records only, why, the planner's figures); the admin builds it and sees it built with a size, then on a
// phone in English.

let world: TestWorld;
let page: Page;
/** Who the page says built the index by hand. */
let adminName: string;

type Overview = {
  settings: { auto_build: boolean; max_indexes_per_object: number; max_size_ratio: number };
  indexes: Array<{ index_name: string; status: string; bytes: number | null; automatic: boolean }>;
};
const overview = () => world.api.request<Overview>("GET", "/api/admin/index-advisor");

const LIST = `/api/records/deal?limit=50&sort=-close_date&filter=${encodeURIComponent(
  JSON.stringify({ status: { eq: "won" } }),
)}`;
// A second kind of read, whose proposal the admin turns down.
const BY_NAME = `/api/records/deal?limit=50&sort=name&filter=${encodeURIComponent(
  JSON.stringify({ amount: { gt: 100_000 } }),
)}`;
const STATUS_INDEX = "状态 ↑ · 成交日期 ↓ · 记录 ID ↓";

beforeAll(async () => {
  world = await startWorld({
    // Every read is slow, three make a proposal, and an index no read used yet counts as unused.
    env: { KEDUO_ADVISOR_SLOW_MS: "0", KEDUO_ADVISOR_MIN_SLOW_CALLS: "3", KEDUO_ADVISOR_UNUSED_DAYS: "0" },
  });
  page = await openPage(world);
  adminName = (await world.api.request<{ user: { name: string } }>("GET", "/api/auth/me")).user.name;
  await defineObject(world.api, "deal", label("商机", "Deal"), [
    { api_name: "name", type: "text", labels: label("名称", "Name") },
    {
      api_name: "status",
      type: "single_select",
      labels: label("状态", "Status"),
      config: {
        options: [
          { value: "open", labels: label("跟进中", "Open") },
          { value: "won", labels: label("赢单", "Won") },
          { value: "lost", labels: label("输单", "Lost") },
        ],
      },
    },
    { api_name: "amount", type: "number", labels: label("金额", "Amount") },
    { api_name: "close_date", type: "date", labels: label("成交日期", "Close date") },
  ]);
  const records = Array.from({ length: 300 }, (_, i) => ({
    name: `商机 ${i}`,
    status: ["open", "won", "lost"][i % 3],
    amount: (i % 10) * 20_000,
    close_date: `2026-${String((i % 12) + 1).padStart(2, "0")}-15`,
  }));
  await world.api.request("POST", "/api/records/deal/bulk", { records });
});

afterAll(() => stopWorld(world));

const step = journey(() => page);
const proposals = (target: Page) => target.getByTestId("advisor-proposals");
const built = (target: Page) => target.getByTestId("advisor-built");

describe("the index advisor", () => {
  step("opens from the navigation with nothing to propose yet and says what it does (zh-CN)", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.getByTestId("nav-menu").getByText("索引顾问", { exact: true }).click();
    await page.waitForURL(/\/admin\/index-advisor/);
    await page.getByTestId("advisor-title").getByText("索引顾问").waitFor();
    await proposals(page).getByText("暂无建议：顾问发现某类查询经常变慢时，会在这里建议一个索引。").waitFor();
    await built(page)
      .getByText(/暂无顾问建立的索引/)
      .waitFor();
    await page.getByText("慢查询：超过 0 毫秒；同一类查询慢 3 次后提出建议").waitFor();
    await screenshot(page, "advisor-empty-1280-zh");
  });

  step("saves the caps of automatic building, the size as a percentage of the table's", async () => {
    await page.locator("#advisor_limits_max_indexes_per_object").fill("3");
    await page.locator("#advisor_limits_size_percent").fill("50");
    await page.getByTestId("advisor-settings").getByRole("button", { name: "保存限额" }).click();
    await page.getByText("设置已保存").waitFor();
    await expect
      .poll(async () => (await overview()).settings)
      .toMatchObject({ max_indexes_per_object: 3, max_size_ratio: 0.5 });
  });

  step("switches automatic building off, kept by the server", async () => {
    const toggle = page.getByTestId("advisor-auto-build");
    expect(await toggle.getAttribute("aria-checked")).toBe("true");
    await toggle.click();
    await page.getByText("设置已保存").waitFor();
    await expect.poll(async () => (await overview()).settings.auto_build).toBe(false);
  });

  step("shows the proposals in words after the lists were read and 立即分析 is clicked", async () => {
    for (let i = 0; i < 5; i++) {
      await world.api.request("GET", LIST);
      await world.api.request("GET", BY_NAME);
    }
    await page.getByTestId("advisor-check-now").click();
    await page.getByText("已分析最新的查询统计").waitFor();
    await expect.poll(() => proposals(page).locator("[data-status=proposed]").count()).toBe(2);
    const card = proposals(page).locator("[data-status=proposed]", { hasText: STATUS_INDEX });
    await proposals(page).locator("[data-status=proposed]", { hasText: "名称 ↑ · 记录 ID ↑" }).waitFor();
    await card.getByText("仅有效记录").waitFor();
    await card.getByText("商机", { exact: true }).waitFor();
    await card.getByText(/^\d+ 次查询，其中 \d+ 次较慢，P95 [\d.]+ 毫秒$/).waitFor();
    await card
      .getByTestId("advisor-gain")
      .getByText(/^现在读取 [\d,]+ 行，找出 [\d,]+ 行（成本 [\d.,]+）$/)
      .waitFor();
    await page
      .getByTestId("advisor-shapes")
      .locator("[data-testid=advisor-shape]", { hasText: "状态 =" })
      .getByText("成交日期 ↓")
      .waitFor();
    await screenshot(page, "advisor-proposal-1280-zh");
  });

  step("turns the proposal for the list by name down after confirming", async () => {
    const card = proposals(page).locator("[data-status=proposed]", { hasText: "名称 ↑ · 记录 ID ↑" });
    await card.getByTestId("advisor-dismiss").click();
    await page.getByText("不采纳这个建议？顾问以后不会再建议它。").waitFor();
    await page.locator(".ant-popconfirm-buttons .ant-btn-primary").click();
    await page.getByText("已不采纳该建议").waitFor();
    await card.waitFor({ state: "detached" });
    expect((await overview()).indexes.map((index) => index.status)).toEqual(["proposed"]);
  });

  step("builds the other and shows it built with its size", async () => {
    await proposals(page).getByTestId("advisor-build").click();
    await page.getByText("索引已建立").waitFor();
    const card = built(page).locator("[data-status=built]");
    await card.waitFor();
    expect(await card.getByTestId("advisor-columns").textContent()).toBe(STATUS_INDEX);
    expect(await card.getByTestId("advisor-size").textContent()).toMatch(/^[\d.]+ (B|KB|MB)$/);
    expect(await card.getByTestId("advisor-built-by").textContent()).toBe(adminName);
    await proposals(page)
      .getByText(/暂无建议/)
      .waitFor();
    const [index] = (await overview()).indexes;
    expect(index).toMatchObject({ status: "built", automatic: false });
    expect(index?.bytes).toBeGreaterThan(0);
    // No read has used it yet (the table is small enough to scan): with 0 days' grace it is unused at once.
    await card.getByTestId("advisor-unused").getByText("未使用").waitFor();
    await page
      .getByTestId("advisor-unused-alert")
      .getByText("1 个索引建立后一直没有查询用到，建议删除（下方标有“未使用”）。")
      .waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, "advisor-built-1280-zh");
    await page.getByTestId("advisor-shapes").scrollIntoViewIfNeeded();
    await screenshot(page, "advisor-shapes-1280-zh");
  });

  step("reads the same in English at 1280 px", async () => {
    await withPage(world, { locale: "en", user: ADMIN, name: "advisor-1280-en" }, async (english) => {
      await english.goto("/admin/index-advisor");
      const card = built(english).locator("[data-status=built]");
      await card.waitFor();
      expect(await card.getByTestId("advisor-columns").textContent()).toBe(
        "Status ↑ · Close date ↓ · Record ID ↓",
      );
      await card.getByText("live records only").waitFor();
      expect(await card.getByTestId("advisor-built-by").textContent()).toBe(adminName);
      await english.getByText("Build indexes automatically").waitFor();
      await card.getByTestId("advisor-unused").getByText("Unused").waitFor();
      await english
        .getByTestId("advisor-unused-alert")
        .getByText(/^1 index has not been used by any read since it was built/)
        .waitFor();
      await screenshot(english, "advisor-1280-en");
    });
  });

  step("works on a phone in English", async () => {
    await withPage(
      world,
      { viewport: PHONE, locale: "en", user: ADMIN, name: "advisor-phone" },
      async (mobile) => {
        await mobile.getByTestId("nav-open").click();
        await mobile.locator(".ant-drawer-open").getByText("Index advisor").click();
        await mobile.waitForURL(/\/admin\/index-advisor/);
        await mobile.getByTestId("advisor-title").getByText("Index advisor").waitFor();
        await proposals(mobile)
          .getByText(/^No proposals:/)
          .waitFor();
        expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await screenshot(mobile, "advisor-390-en");
        const card = built(mobile).locator("[data-status=built]");
        await card.scrollIntoViewIfNeeded();
        expect(await card.getByTestId("advisor-columns").textContent()).toBe(
          "Status ↑ · Close date ↓ · Record ID ↓",
        );
        await screenshot(mobile, "advisor-built-390-en");
        await mobile.getByTestId("advisor-shapes").scrollIntoViewIfNeeded();
        await mobile.getByTestId("advisor-shapes").getByText("Filter: Status =").waitFor();
        await screenshot(mobile, "advisor-shapes-390-en");

        await card.getByTestId("advisor-drop").click();
        await mobile
          .getByText("Drop this index? Reads that use it get slower; the advisor may propose it again.")
          .waitFor();
        await screenshot(mobile, "advisor-drop-390-en");
        await mobile.locator(".ant-popconfirm-buttons .ant-btn-primary").click();
        await mobile.getByText("Index dropped").waitFor();
        await built(mobile)
          .getByText(/^No indexes from the advisor yet:/)
          .waitFor();
        expect((await overview()).indexes).toEqual([]);
      },
    );
  });
});
