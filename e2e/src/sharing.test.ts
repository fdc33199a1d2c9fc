import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { defineObject, label, REGION_FIELD } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login, pickOption, tableRows } from "./ui.ts";

// Issue 15, part 3 (a slice): an object's sharing in the browser — the default visibility, what the owner's
// department may do, and a sharing rule "East customers are readable by East support".

let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ApiClient;
let support: string;
let supportUser: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await defineObject(api, "customer", label("客户", "Customer"), [
    { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
    REGION_FIELD,
  ]);
  const created = await api.request<{ id?: string; department?: { id: string } }>(
    "POST",
    "/api/org/departments",
    {
      name: "华东客服",
      parent_id: null,
    },
  );
  support = created.id ?? created.department!.id;
  const context = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

describe("sharing settings in the browser", () => {
  step(
    "makes customers private, shares them with the owner's department, and adds a rule (zh-CN)",
    async () => {
      await login(page, ADMIN.email, ADMIN.password);
      await page.getByTestId("nav-menu").getByText("共享设置").click();
      await page.waitForURL(/\/admin\/sharing$/);
      await page.getByTestId("sharing-default").getByText("私有：负责人及其上级").click();
      await page.getByTestId("team-access").getByText("可查看", { exact: true }).click();
      await expect
        .poll(async () => {
          const object = await api.request<{ sharing_default: string; team_access: string }>(
            "GET",
            "/api/meta/objects/customer",
          );
          return [object.sharing_default, object.team_access];
        })
        .toEqual(["private", "read"]);

      await page.getByTestId("filter-add").click();
      const condition = page.getByTestId("filter-condition").first();
      await pickOption(page, condition.locator(".ant-select").first(), "区域");
      await pickOption(page, condition.locator(".ant-select").nth(2), "华东");
      await page.getByTestId("filter-apply").click();
      await page.getByTestId("rule-name").fill("华东客户给华东客服");
      await page.getByText("部门（含下级）").click();
      await page
        .locator(".ant-form-item")
        .filter({ has: page.locator(".ant-tree-select") })
        .locator(".ant-select")
        .click();
      await page
        .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)")
        .getByText("华东客服")
        .click();
      await screenshot(page, "sharing-1280-zh");
      await page.getByTestId("rule-add").click();
      await page.getByText("已添加共享规则").waitFor();
      const { rules } = await api.request<{ rules: Array<Record<string, unknown>> }>(
        "GET",
        "/api/meta/objects/customer/sharing-rules",
      );
      expect(rules).toEqual([
        expect.objectContaining({
          name: "华东客户给华东客服",
          filter: { region: { eq: "east" } },
          grantee_kind: "department",
          grantee_id: support,
          access: "read",
        }),
      ]);
      await page.getByRole("cell", { name: "华东客户给华东客服" }).waitFor();
    },
  );

  step("shows, as a support colleague would see it, that only East customers are readable", async () => {
    await api.request("POST", "/api/records/customer/bulk", {
      records: [
        { name: "苏州精密", region: "east" },
        { name: "北京软件", region: "north" },
      ],
    });
    const agentUser = await api.request<{ user: { id: string } }>("POST", "/api/users", {
      email: "support@keduo.test",
      name: "客服甲",
      password: "password-123",
      department_id: support,
    });
    supportUser = agentUser.user.id;
    await page.reload();
    const card = page.locator(".ant-card").filter({ hasText: "以用户身份查看" });
    await card.getByTestId("user-select").click();
    await page.keyboard.type("kf");
    await page
      .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
      .filter({ hasText: "客服甲" })
      .first()
      .click();
    await page.getByTestId("view-as-answer").getByText("1 / 2 条").waitFor();
    const agent = await ApiClient.login(server.url, "support@keduo.test", "password-123");
    const own = await agent.request<{ total: number }>("GET", "/api/records/customer?count=true&limit=1");
    expect(own.total).toBe(1);
    await screenshot(page, "view-as-1280-zh");
  });

  step(
    "the support colleague's list offers editing and bulk actions only on their own customer (zh-CN)",
    async () => {
      await api.request("POST", "/api/records/customer", {
        name: "客服自己的客户",
        region: "north",
        owner_id: supportUser,
      });
      const context = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
      const agentPage = await context.newPage();
      agentPage.setDefaultTimeout(10_000);
      const asked: string[] = [];
      agentPage.on("request", (r) => {
        if (/\/api\/records\/customer\/.*(actions|my-permissions)$/.test(r.url())) asked.push(r.url());
      });
      try {
        await login(agentPage, "support@keduo.test", "password-123");
        await agentPage.goto("/o/customer");
        const rows = tableRows(agentPage);
        await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
        const own = rows.filter({ hasText: "客服自己的客户" });
        const shared = rows.filter({ hasText: "苏州精密" });
        // The shared customer is readable only: its cells are plain values and its box is disabled.
        await expect
          .poll(() => shared.locator('[data-testid^="cell-region-"]').count(), { timeout: 10_000 })
          .toBe(0);
        await expect
          .poll(() => shared.locator(".ant-checkbox-input").isDisabled(), { timeout: 10_000 })
          .toBe(true);
        await own.locator('[data-testid^="cell-region-"]').click();
        await agentPage.locator('[data-testid^="cell-region-"][data-testid$="-editor"]').waitFor();
        await agentPage.keyboard.press("Escape");
        // "Select all" takes the rows the bulk actions may act on: their own customer only.
        await agentPage.locator(".ant-table-thead .ant-checkbox-input").check();
        await agentPage.getByTestId("bulk-bar").getByText("已选 1 条").waitFor();
        expect(await agentPage.getByTestId("bulk-edit").isEnabled()).toBe(true);
        // The page's rights came in one request for its rows, not one per row.
        expect(asked).toEqual([`${server.url}/api/records/customer/actions`]);
        await screenshot(agentPage, "sharing-rep-list-1280-zh");
      } catch (error) {
        await screenshot(agentPage, "failure-sharing-rep-list").catch(() => {});
        throw error;
      } finally {
        await context.close();
      }
    },
  );

  step(
    "the support colleague's list at phone width in English: only their own card is selectable",
    async () => {
      const phone = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
      const phonePage = await phone.newPage();
      phonePage.setDefaultTimeout(10_000);
      try {
        await login(phonePage, "support@keduo.test", "password-123");
        await phonePage.goto("/o/customer");
        const cards = phonePage.getByTestId("record-card");
        await expect.poll(() => cards.count(), { timeout: 10_000 }).toBe(2);
        const shared = cards.filter({ hasText: "苏州精密" }).locator("input[type=checkbox]");
        const own = cards.filter({ hasText: "客服自己的客户" }).locator("input[type=checkbox]");
        await expect.poll(() => shared.isDisabled(), { timeout: 10_000 }).toBe(true);
        expect(await own.isDisabled()).toBe(false);
        await own.check();
        await phonePage.getByTestId("bulk-bar").getByText("1 selected").waitFor();
        await screenshot(phonePage, "sharing-rep-cards-390-en");
      } catch (error) {
        await screenshot(phonePage, "failure-sharing-rep-cards").catch(() => {});
        throw error;
      } finally {
        await phone.close();
      }
    },
  );

  step("the same page at phone width in English", async () => {
    const phone = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
    const phonePage = await phone.newPage();
    phonePage.setDefaultTimeout(10_000);
    await login(phonePage, ADMIN.email, ADMIN.password);
    await phonePage.goto("/admin/sharing");
    await phonePage.getByText("Default visibility").waitFor();
    await phonePage.getByRole("cell", { name: "华东客户给华东客服" }).waitFor();
    await screenshot(phonePage, "sharing-390-en");
    await phone.close();
  });
});
