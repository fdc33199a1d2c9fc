import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { defineObject, label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login, tableRows } from "./ui.ts";

// The recycle bin the delete confirmation promises (issue 15, part 5): deleted records with who and when,
// restore, and permanent delete for those who may change all data.

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let api: ApiClient;

type Contract = { id: string; title: string };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await defineObject(api, "contract", label("合同", "Contract"), [
    { api_name: "title", type: "text", required: true, labels: label("合同名称", "Title") },
  ]);
  await api.request("POST", "/api/records/contract/bulk", {
    records: [{ title: "年度框架协议" }, { title: "样品测试协议" }, { title: "保密协议" }],
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
const binRows = () => page.getByTestId("recycle-bin").locator(".ant-table-tbody tr.ant-table-row");
const live = async () =>
  (await api.request<{ records: Contract[] }>("GET", "/api/records/contract?limit=50")).records.map(
    (r) => r.title,
  );

describe("the recycle bin", () => {
  step(
    "a deleted record waits in the object's recycle bin, with who deleted it and when (zh-CN)",
    async () => {
      await login(page, ADMIN.email, ADMIN.password);
      await page.goto("/o/contract");
      await tableRows(page).filter({ hasText: "样品测试协议" }).getByText("样品测试协议").click();
      await page.getByRole("button", { name: "删除" }).click();
      await page.locator(".ant-popconfirm .ant-btn-primary").click();
      await page.waitForURL(/\/o\/contract$/);
      expect(await live()).not.toContain("样品测试协议");
      await page.getByTestId("recycle-bin-open").click();
      await expect.poll(() => binRows().count()).toBe(1);
      await expect.poll(() => binRows().first().textContent()).toContain("Administrator");
      expect(await binRows().first().textContent()).toContain("样品测试协议");
      await screenshot(page, "recycle-bin-1280-zh");
    },
  );

  step("restores it into the list", async () => {
    await binRows().first().getByTestId("restore").click();
    await page.getByText("已恢复“样品测试协议”").waitFor();
    await expect.poll(() => binRows().count()).toBe(0);
    expect(await live()).toContain("样品测试协议");
  });

  step("deletes a record for good, after a confirmation", async () => {
    const { records } = await api.request<{ records: Contract[] }>("GET", "/api/records/contract?limit=50");
    const nda = records.find((r) => r.title === "保密协议")!;
    await api.request("DELETE", `/api/records/contract/${nda.id}`);
    await page.reload();
    await expect.poll(() => binRows().count()).toBe(1);
    await binRows().first().getByTestId("purge").click();
    await page.getByTestId("purge-ok").click();
    await page.getByText("已彻底删除“保密协议”").waitFor();
    expect(await live()).not.toContain("保密协议");
    const deleted = await api.request<{ records: Contract[] }>(
      "GET",
      "/api/records/contract?deleted=true&limit=50",
    );
    expect(deleted.records).toEqual([]);
  });

  step("the same page at phone width in English", async () => {
    const phone = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
    const phonePage = await phone.newPage();
    phonePage.setDefaultTimeout(10_000);
    const { records } = await api.request<{ records: Contract[] }>("GET", "/api/records/contract?limit=50");
    await api.request("DELETE", `/api/records/contract/${records[0]!.id}`);
    await login(phonePage, ADMIN.email, ADMIN.password);
    await phonePage.goto("/o/contract/recycle-bin");
    await phonePage.getByText("Recycle bin").first().waitFor();
    await phonePage.getByTestId("restore").first().waitFor();
    await screenshot(phonePage, "recycle-bin-390-en");
    await phone.close();
  });
});
