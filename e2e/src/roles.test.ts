import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { defineObject, label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login, pickOption } from "./ui.ts";

// Issue 15, part 3 (a slice): a role's rights in the browser, in a sales manager's words — per object what a
// member may do and on whose records, per field editable / read only / hidden; what the API stores.

let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ApiClient;

type Role = {
  api_name: string;
  permissions: {
    objects?: Record<string, Record<string, boolean>>;
    fields?: Record<string, Record<string, string>>;
  };
};
const roleNamed = async (name: string) =>
  (
    await api.request<{ roles: Array<Role & { labels: Record<string, string> }> }>("GET", "/api/meta/roles")
  ).roles.find((r) => r.labels["zh-CN"] === name);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await defineObject(api, "customer", label("客户", "Customer"), [
    { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
    { api_name: "credit", type: "number", labels: label("授信额度", "Credit line") },
  ]);
  const context = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

describe("roles and permissions in the browser", () => {
  step("creates a rep role limited to own customers, with a hidden field (zh-CN)", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.getByTestId("nav-menu").getByText("角色与权限").click();
    await page.waitForURL(/\/admin\/roles$/);
    await page.getByTestId("role-add").click();
    await page.getByTestId("role-name").fill("销售代表");
    await page.getByTestId("role-create-ok").click();
    await page.getByText("已新建角色").waitFor();
    for (const action of ["read", "create", "edit"])
      await page.getByTestId(`right-customer-${action}`).check();
    await pickOption(page, page.getByTestId("scope-customer"), "本人及下属");
    await page.locator(".ant-table-row-expand-icon").first().click();
    await page.getByTestId("field-access-customer-credit").getByText("隐藏").click();
    await screenshot(page, "roles-1280-zh");
    await page.getByTestId("role-save").click();
    await page.getByText("已保存，立即生效").waitFor();
    const role = await roleNamed("销售代表");
    expect(role?.api_name).toBe("xiao_shou_dai_biao");
    const rights = role?.permissions.objects?.customer ?? {};
    expect(rights).toMatchObject({ read: true, create: true, edit: true });
    expect(Boolean(rights.view_all || rights.modify_all || rights.delete)).toBe(false);
    expect(role?.permissions.fields?.customer).toEqual({ credit: "hidden" });
  });

  step("a rep on that role cannot see the hidden field", async () => {
    await api.request("POST", "/api/users", {
      email: "rep@keduo.test",
      name: "销售甲",
      password: "password-123",
      roles: ["xiao_shou_dai_biao"],
    });
    const rep = await ApiClient.login(server.url, "rep@keduo.test", "password-123");
    const { fields } = await rep.request<{ fields: Array<{ api_name: string }> }>(
      "GET",
      "/api/meta/objects/customer",
    );
    expect(fields.map((f) => f.api_name)).toEqual(["name"]);
  });

  step("the same page at phone width in English", async () => {
    const phone = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
    const phonePage = await phone.newPage();
    phonePage.setDefaultTimeout(10_000);
    await login(phonePage, ADMIN.email, ADMIN.password);
    await phonePage.goto("/admin/roles");
    await phonePage.getByText("Roles and permissions").first().waitFor();
    await phonePage.getByTestId("scope-customer").waitFor();
    await screenshot(phonePage, "roles-390-en");
    await phone.close();
  });
});
