import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { defineObject, label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login, pickOption, tableRows } from "./ui.ts";

// People by name (issue 15, part 1): owners and user fields show the colleague's name and avatar, never an
// id, for every signed-in user; the user picker searches the directory by name, pinyin and initials.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: ApiClient;
const people: Record<string, string> = {};

async function person(name: string, email: string, extra: Record<string, unknown> = {}) {
  const created = await api.request<{ user: { id: string } }>("POST", "/api/users", {
    email,
    name,
    password: "password-123",
    ...extra,
  });
  people[name] = created.user.id;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  const department = await api.request<{ id?: string; department?: { id: string } }>(
    "POST",
    "/api/org/departments",
    {
      name: "华东销售",
      parent_id: null,
    },
  );
  await person("张三", "zhangsan@keduo.test", { department_id: department.id ?? department.department?.id });
  await person("李四", "lisi@keduo.test");
  await defineObject(api, "lead", label("线索", "Lead"), [
    { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
    { api_name: "follower", type: "user", labels: label("跟进人", "Follower") },
  ]);
  await api.request("POST", "/api/records/lead/bulk", {
    records: [
      { name: "苏州精密机械", owner_id: people.张三, follower: people.李四 },
      { name: "宁波模具", owner_id: people.李四 },
    ],
  });
  context = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);
const row = (name: string) => tableRows(page).filter({ hasText: name });

describe("colleagues by name", () => {
  step("a rep sees owners and user fields as names with avatars in the list (zh-CN)", async () => {
    await login(page, "lisi@keduo.test", "password-123");
    await page.goto("/o/lead");
    await expect
      .poll(() => row("苏州精密机械").getByTestId("person-name").allTextContents())
      .toEqual(["李四", "张三"]);
    await expect.poll(() => row("宁波模具").getByTestId("person-name").allTextContents()).toEqual(["李四"]);
    const text = (await tableRows(page).allTextContents()).join(" ");
    for (const id of Object.values(people)) expect(text).not.toContain(id.slice(-6));
    await screenshot(page, "people-list-1280-zh");
  });

  step("the record page names its owner", async () => {
    await row("苏州精密机械").getByText("苏州精密机械").click();
    await expect.poll(() => page.getByTestId("record-owner").textContent()).toContain("张三");
  });

  step("a rep without the transfer right is not offered a transfer", async () => {
    await page.getByTestId("edit-record").waitFor();
    expect(await page.getByTestId("transfer").count()).toBe(0);
  });

  step("the user picker finds a colleague by initials and saves them", async () => {
    await page.getByTestId("edit-record").click();
    const picker = page.getByTestId("user-select").first();
    await picker.click();
    await page.keyboard.type("zs");
    const option = page
      .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
      .filter({ hasText: "张三" });
    await option.first().waitFor();
    await expect.poll(() => option.first().textContent()).toContain("华东销售");
    await screenshot(page, "people-picker-1280-zh");
    await option.first().click();
    await page.getByTestId("save-record").click();
    await page.getByTestId("record-title").waitFor();
    const stored = await api.request<{ records: Array<{ name: string; follower: string }> }>(
      "GET",
      "/api/records/lead?limit=10",
    );
    expect(stored.records.find((r) => r.name === "苏州精密机械")?.follower).toBe(people.张三);
  });

  step("the same at phone width in English", async () => {
    const phone = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
    const phonePage = await phone.newPage();
    phonePage.setDefaultTimeout(10_000);
    await login(phonePage, "lisi@keduo.test", "password-123");
    await phonePage.goto("/o/lead");
    await phonePage.getByTestId("record-cards").getByTestId("person-name").first().waitFor();
    const names = await phonePage.getByTestId("record-cards").getByTestId("person-name").allTextContents();
    expect(names).toContain("张三");
    await screenshot(phonePage, "people-cards-390-en");
    await phone.close();
  });

  step("a filter on the owner can name 'me', which the saved view keeps as whoever reads it", async () => {
    await page.goto("/o/lead");
    await tableRows(page).first().waitFor();
    await page.getByTestId("filter-toggle").click();
    await page.getByTestId("filter-add").click();
    const condition = page.getByTestId("filter-condition").first();
    await pickOption(page, condition.locator(".ant-select").first(), "负责人");
    await condition.locator(".ant-select").nth(2).click();
    await page
      .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
      .filter({ hasText: "我（当前用户）" })
      .click();
    await page.getByTestId("filter-apply").click();
    await expect.poll(() => page.url()).toContain(encodeURIComponent("$me"));
    await expect
      .poll(() => tableRows(page).locator("td:nth-child(2)").allTextContents())
      .toEqual(["宁波模具"]);
    await screenshot(page, "people-filter-me-1280-zh");
  });

  step("an admin transfers selected records to a colleague from the list", async () => {
    const admin = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
    const adminPage = await admin.newPage();
    adminPage.setDefaultTimeout(10_000);
    try {
      await login(adminPage, ADMIN.email, ADMIN.password);
      await adminPage.goto("/o/lead");
      const rows = tableRows(adminPage);
      await rows.first().waitFor();
      for (const name of ["宁波模具", "苏州精密机械"])
        await rows.filter({ hasText: name }).locator(".ant-checkbox-input").check();
      await adminPage.getByTestId("bulk-bar").getByTestId("transfer").click();
      await adminPage.locator(".ant-modal").getByTestId("user-select").click();
      await adminPage.keyboard.type("zhang");
      await adminPage
        .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
        .filter({ hasText: "张三" })
        .first()
        .click();
      await screenshot(adminPage, "people-transfer-1280-zh");
      await adminPage.getByTestId("transfer-ok").click();
      await adminPage.getByText("已转移 2 条记录").waitFor();
      const stored = await api.request<{ records: Array<{ owner_id: string }> }>(
        "GET",
        "/api/records/lead?limit=10",
      );
      expect(stored.records.map((r) => r.owner_id)).toEqual([people.张三, people.张三]);
      await expect
        .poll(() => rows.filter({ hasText: "宁波模具" }).getByTestId("person-name").allTextContents())
        .toEqual(["张三"]);
    } finally {
      await admin.close();
    }
  });
});
