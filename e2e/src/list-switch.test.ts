import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, screenshot } from "./browser.ts";
import { label } from "./fixtures.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login, tableRows } from "./ui.ts";

// Switching from one object's list to another through the navigation: the list page stays mounted (the
// table is not rebuilt) and its rows are prefetched by the route, so what belonged to the first list —
// its rows, selection, open cell editors, search text — must not leak into the second, and the second
// list's last-used view must still come back from the server.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: ApiClient;

const nav = (object: string) => page.locator(`[data-testid=nav-menu] a[href="/o/${object}"]`);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  for (const [object, zh, en] of [
    ["shop", "门店", "Shop"],
    ["person", "人员", "Person"],
  ] as const) {
    await api.request("POST", "/api/meta/objects", { api_name: object, labels: label(zh, en) });
    await api.request("POST", `/api/meta/objects/${object}/fields`, {
      api_name: "name",
      type: "text",
      required: true,
      labels: label("名称", "Name"),
    });
    await api.request("POST", `/api/meta/objects/${object}/fields`, {
      api_name: "city",
      type: "text",
      labels: label("城市", "City"),
    });
  }
  await api.request("POST", "/api/records/shop/bulk", {
    records: [
      { name: "门店甲", city: "上海" },
      { name: "门店乙", city: "北京" },
    ],
  });
  await api.request("POST", "/api/records/person/bulk", {
    records: [
      { name: "人员甲", city: "上海" },
      { name: "人员乙", city: "深圳" },
      { name: "人员丙", city: "北京" },
    ],
  });
  // The person list's last-used view, remembered by the server: opening the list brings it back.
  const view = await api.request<{ id: string }>("POST", "/api/views/person", {
    name: "上海人员",
    filter: { city: { eq: "上海" } },
  });
  await api.request("PUT", "/api/views/person/current", { view_id: view.id });
  context = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("switching between two objects' lists", () => {
  it("starts the second list afresh and brings back its last-used view", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.goto("/o/shop");
    await tableRows(page).filter({ hasText: "门店乙" }).waitFor();

    // Leave things behind on the shop list: a selected row, an open cell editor, typed search text.
    await tableRows(page).filter({ hasText: "门店甲" }).locator(".ant-checkbox-input").check();
    await page.getByTestId("bulk-bar").waitFor();
    await tableRows(page).filter({ hasText: "门店乙" }).locator('[data-testid^="cell-city-"]').click();
    await page.locator('[data-testid^="cell-city-"][data-testid$="-editor"]').waitFor();
    await page.getByTestId("quick-search").locator("input").fill("门店");

    await nav("person").click();
    await page.waitForURL(/\/o\/person\?.*view=/);
    await expect.poll(() => tableRows(page).allTextContents()).toEqual([expect.stringContaining("人员甲")]);
    expect(await page.getByTestId("view-switcher").textContent()).toContain("上海人员");
    // The saved view's menu button says what it opens.
    expect(await page.getByTestId("view-actions").textContent()).toBe("视图操作");
    expect(await page.getByTestId("bulk-bar").count()).toBe(0);
    expect(await page.locator(".ant-checkbox-input:checked").count()).toBe(0);
    expect(await page.locator('[data-testid$="-editor"]').count()).toBe(0);
    expect(await page.getByTestId("quick-search").locator("input").inputValue()).toBe("");
    // The shop list's search text, typed before leaving, does not reach the person list's URL.
    await page.waitForTimeout(500);
    expect(new URL(page.url()).searchParams.get("q")).toBeNull();
    await screenshot(page, "list-switch-1280-zh");

    // And back: the shop list shows all its rows, none selected, no cell in edit.
    await nav("shop").click();
    await page.waitForURL(/\/o\/shop/);
    await expect.poll(() => tableRows(page).count()).toBe(2);
    expect(await page.locator(".ant-checkbox-input:checked").count()).toBe(0);
    expect(await page.locator('[data-testid$="-editor"]').count()).toBe(0);
    expect(await tableRows(page).filter({ hasText: "人员" }).count()).toBe(0);
  });
});
