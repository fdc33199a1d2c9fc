import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { ApiClient } from "./api-client.ts";
import { openPage, PHONE, screenshot, startWorld, stopWorld, type TestWorld, withPage } from "./browser.ts";
import { defineObject, label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN } from "./keduo-server.ts";
import { login, pickOption, tableRows } from "./ui.ts";

// The recycle bin the delete confirmation promises (issue 15, part 5): deleted records with who deleted them
// and when, restore, and permanent delete for those who may change all data — per object, and across objects.

let world: TestWorld;
let page: Page;
let api: ApiClient;

type Contract = { id: string; title: string };

beforeAll(async () => {
  world = await startWorld();
  ({ api } = world);
  await defineObject(api, "contract", label("合同", "Contract"), [
    { api_name: "title", type: "text", required: true, labels: label("合同名称", "Title") },
  ]);
  await defineObject(api, "invoice", label("发票", "Invoice"), [
    { api_name: "number", type: "text", required: true, labels: label("发票号", "Number") },
  ]);
  await api.request("POST", "/api/records/contract/bulk", {
    records: [{ title: "年度框架协议" }, { title: "样品测试协议" }, { title: "保密协议" }],
  });
  page = await openPage(world);
});

afterAll(() => stopWorld(world));

const step = journey(() => page);
const binRows = () => page.getByTestId("recycle-bin").locator(".ant-table-tbody tr.ant-table-row");
const allBinRows = () => page.getByTestId("all-recycle-bin").locator(".ant-table-tbody tr.ant-table-row");
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
    const { records } = await api.request<{ records: Contract[] }>("GET", "/api/records/contract?limit=50");
    await api.request("DELETE", `/api/records/contract/${records[0]!.id}`);
    const admin = { email: ADMIN.email, password: ADMIN.password };
    await withPage(
      world,
      { viewport: PHONE, locale: "en", user: admin, name: "recycle-bin-phone" },
      async (phone) => {
        await phone.goto("/o/contract/recycle-bin");
        await phone.getByText("Recycle bin").first().waitFor();
        await phone.getByTestId("restore").first().waitFor();
        await screenshot(phone, "recycle-bin-390-en");
      },
    );
  });

  step(
    "the recycle bin of every object lists both objects' deleted records and narrows by object",
    async () => {
      const invoice = await api.request<{ id: string }>("POST", "/api/records/invoice", {
        number: "FP-2026-001",
      });
      await api.request("DELETE", `/api/records/invoice/${invoice.id}`);
      await page.getByTestId("nav-menu").getByText("回收站").click();
      await page.waitForURL(/\/recycle-bin$/);
      const rows = allBinRows();
      // The invoice was deleted last; the contract deleted on the phone before it.
      await expect.poll(() => rows.count()).toBe(2);
      expect(await rows.first().textContent()).toContain("FP-2026-001");
      expect(await rows.first().textContent()).toContain("发票");
      expect(await rows.nth(1).textContent()).toContain("合同");
      await rows.first().getByTestId("purge").waitFor();
      await screenshot(page, "recycle-bin-all-1280-zh");
      await pickOption(page, page.getByTestId("bin-object"), "合同");
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain("合同");
      await rows.first().getByTestId("restore").click();
      await page.getByText(/^已恢复“/).waitFor();
      await expect.poll(() => rows.count()).toBe(0);
      await page.getByText("没有符合条件的已删除记录").waitFor();
      expect(await live()).toHaveLength(2);
    },
  );

  step("the recycle bin of every object at phone width in English", async () => {
    const admin = { email: ADMIN.email, password: ADMIN.password };
    await withPage(
      world,
      { viewport: PHONE, locale: "en", user: admin, name: "recycle-bin-all-phone" },
      async (phone) => {
        await phone.goto("/recycle-bin");
        await phone.getByTestId("all-recycle-bin").getByText("FP-2026-001").waitFor();
        await phone.getByTestId("all-recycle-bin").getByText("Invoice").waitFor();
        await screenshot(phone, "recycle-bin-all-390-en");
      },
    );
  });
});
