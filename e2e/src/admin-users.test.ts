import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { fieldErrors, login, pickOption, tableRows } from "./ui.ts";

// User management and API tokens: the admin creates a buyer who may read suppliers only; a duplicate email is
// reported beside the email input in zh-CN and en; the buyer signs in elsewhere and sees only suppliers, then
// creates an API token, uses it, and revokes it.

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let api: ApiClient;

const BUYER = { name: "王芳", email: "wang.fang@keduo.e2e" };
let buyerPassword = "";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  desktop = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  desktop.setDefaultTimeout(10_000);
  page = await desktop.newPage();

  // Two objects and a role that may read and create suppliers only (prepared through the API).
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  for (const [api_name, zh, en] of [
    ["supplier", "供应商", "Supplier"],
    ["contract", "合同", "Contract"],
  ] as const) {
    await api.request("POST", "/api/meta/objects", {
      api_name,
      labels: { "zh-CN": zh, en },
      plural_labels: { "zh-CN": zh, en: `${en}s` },
    });
    await api.request("POST", `/api/meta/objects/${api_name}/fields`, {
      api_name: "name",
      type: "text",
      labels: { "zh-CN": "名称", en: "Name" },
    });
  }
  await api.request("POST", "/api/records/supplier", { name: "苏州精密机械" });
  await api.request("POST", "/api/records/contract", { name: "2026 年框架合同" });
  await api.request("POST", "/api/meta/roles", {
    api_name: "buyer",
    labels: { "zh-CN": "采购员", en: "Buyer" },
    permissions: { objects: { supplier: { read: true, create: true, edit: true } } },
  });
  await api.request("POST", "/api/org/departments", { name: "采购部" });
});

const step = journey(() => page);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens the new-user drawer and fills it (the roles replace the default role). */
async function fillNewUser(email: string) {
  await page.getByTestId("new-user").click();
  await page.locator("#user_name").fill(BUYER.name);
  await page.locator("#user_email").fill(email);
}

describe("an admin manages users", () => {
  step("opens user management from the navigation (zh-CN)", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.getByTestId("nav-menu").getByText("用户管理").click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByTestId("users-title").getByText("用户管理").waitFor();
    await expect.poll(() => tableRows(page).count()).toBe(1);
    await screenshot(page, "users-1280-zh");
  });

  step("creates a buyer with a role, a department and a generated password shown once", async () => {
    await fillNewUser(BUYER.email);
    await page.getByTestId("generate-password").click();
    const generated = await page.locator("#user_password").inputValue();
    expect(generated).toMatch(/^[A-Za-z0-9]{16}$/);
    // Only the buyer role: remove the default one, pick 采购员.
    await page
      .locator(".ant-form-item")
      .filter({ has: page.locator("#user_roles") })
      .locator(".ant-select-selection-item")
      .filter({ hasText: "标准用户" })
      .locator(".ant-select-selection-item-remove")
      .click();
    await pickOption(page, "#user_roles", "采购员");
    await page.keyboard.press("Escape");
    await page.locator("#user_department_id").click();
    await page.locator(".ant-select-tree-title").getByText("采购部", { exact: true }).click();
    await pickOption(page, "#user_locale", "English");
    await screenshot(page, "user-form-1280-zh");
    await page.getByTestId("user-submit").click();

    await page.getByTestId("credentials-password").waitFor();
    buyerPassword = (await page.getByTestId("credentials-password").textContent())?.trim() ?? "";
    expect(buyerPassword).toBe(generated);
    await screenshot(page, "user-credentials-1280-zh");
    await page.getByTestId("credentials-close").click();
    await page.getByTestId("credentials-password").waitFor({ state: "detached" });

    const row = tableRows(page).filter({ hasText: BUYER.email });
    await row.getByText("采购员").waitFor();
    await row.getByText("采购部").waitFor();
    expect(await row.getByText("标准用户").count()).toBe(0);
  });

  step("shows the server's duplicate-email error beside the email, in zh-CN and then in en", async () => {
    await fillNewUser(BUYER.email.toUpperCase());
    await page.locator("#user_password").fill("another-password-1");
    await page.getByTestId("user-submit").click();
    await fieldErrors(page, "user_email")
      .getByText(`邮箱“${BUYER.email.toUpperCase()}”已被其他用户使用`)
      .waitFor();
    expect(await page.locator("#user_name").inputValue()).toBe(BUYER.name);
    await screenshot(page, "user-form-error-1280-zh");

    // The drawer is modal (it covers the language switch): close it, switch, and try again in English.
    await page.keyboard.press("Escape");
    await page.locator("#user_email").waitFor({ state: "detached" });
    await page.getByTestId("language-switch").click();
    await page.locator(".ant-dropdown-menu-item").filter({ hasText: "English" }).click();
    await page.getByTestId("users-title").getByText("Users").waitFor();
    await fillNewUser(BUYER.email.toUpperCase());
    await page.locator("#user_password").fill("another-password-1");
    await page.getByTestId("user-submit").getByText("Create").waitFor();
    await page.getByTestId("user-submit").click();
    await fieldErrors(page, "user_email")
      .getByText(`The email “${BUYER.email.toUpperCase()}” is already used by another user`)
      .waitFor();
    await screenshot(page, "user-form-error-1280-en");
    await page.keyboard.press("Escape");
    await page.locator("#user_email").waitFor({ state: "detached" });
    await screenshot(page, "users-1280-en");
  });
});

let buyerPage: Page;
let token = "";

describe("the buyer signs in elsewhere and sees only what the role allows", () => {
  step(
    "sees suppliers but not contracts nor administration (en, 1280)",
    async () => {
      const context = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
      context.setDefaultTimeout(10_000);
      buyerPage = await context.newPage();
      await login(buyerPage, BUYER.email, buyerPassword);
      // The saved language (en, chosen by the admin) wins over the browser's.
      await buyerPage.getByTestId("nav-menu").getByText("Suppliers").waitFor();
      await buyerPage.locator(".ant-table-tbody").getByText("苏州精密机械").waitFor();
      await expect.poll(() => buyerPage.getByTestId("nav-menu").getByText("Contracts").count()).toBe(0);
      expect(await buyerPage.getByTestId("nav-menu").getByText("Users").count()).toBe(0);
      expect(await buyerPage.getByTestId("nav-menu").getByText("Administration").count()).toBe(0);
      await screenshot(buyerPage, "buyer-list-1280-en");

      await buyerPage.goto("/admin/users");
      await buyerPage.getByText("You do not have permission to manage users").waitFor();
      await screenshot(buyerPage, "buyer-users-forbidden-1280-en");
      await context.close();
    },
    () => buyerPage,
  );

  step(
    "creates an API token at phone width, uses it, and revokes it (401 afterwards)",
    async () => {
      const phone = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
      phone.setDefaultTimeout(10_000);
      await phone.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
      buyerPage = await phone.newPage();
      await login(buyerPage, BUYER.email, buyerPassword);
      await buyerPage.getByTestId("user-menu").click();
      await buyerPage.locator(".ant-dropdown-menu-item").filter({ hasText: "API tokens" }).click();
      await buyerPage.waitForURL(/\/me\/tokens$/);
      await buyerPage.getByText("No API tokens yet").waitFor();

      await buyerPage.getByTestId("new-token").click();
      await buyerPage.locator("#token_name").fill("ERP sync");
      await screenshot(buyerPage, "token-form-390-en");
      await buyerPage.getByTestId("token-submit").click();
      const secret = buyerPage.getByTestId("token-secret");
      await secret.waitFor();
      token = await secret.inputValue();
      expect(token).toMatch(/^kd_[A-Za-z0-9_-]{43}$/);
      await buyerPage.getByTestId("token-copy").click();
      await buyerPage.getByText("Token copied").waitFor();
      expect(await buyerPage.evaluate(() => navigator.clipboard.readText())).toBe(token);
      await screenshot(buyerPage, "token-secret-390-en");
      await buyerPage.getByTestId("token-done").click();
      await secret.waitFor({ state: "detached" });
      // The list shows the prefix only, never the secret.
      const card = buyerPage.getByTestId("token-card").filter({ hasText: "ERP sync" });
      await card.getByText(`${token.slice(0, 8)}…`).waitFor();
      expect(await buyerPage.content()).not.toContain(token);
      await screenshot(buyerPage, "tokens-390-en");

      const withToken = (path: string) =>
        fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      const suppliers = await withToken("/api/records/supplier");
      expect(suppliers.status).toBe(200);
      expect(JSON.stringify(await suppliers.json())).toContain("苏州精密机械");
      expect((await withToken("/api/records/contract")).status).toBe(403);

      await card.getByTestId("revoke-ERP sync").click();
      await buyerPage.getByTestId("revoke-confirm").click();
      await buyerPage.getByText("No API tokens yet").waitFor();
      expect((await withToken("/api/records/supplier")).status).toBe(401);
      await phone.close();
    },
    () => buyerPage,
  );
});

describe("the admin at phone width", () => {
  let mobile: Page;
  step(
    "finds the users in the drawer (zh-CN), deactivates the buyer, who can no longer sign in",
    async () => {
      await api.request("PATCH", "/api/auth/me", { locale: "zh-CN" });
      const phone = await newContext(browser, { viewport: PHONE, locale: "zh-CN", baseURL: server.url });
      phone.setDefaultTimeout(10_000);
      mobile = await phone.newPage();
      await login(mobile, ADMIN.email, ADMIN.password);
      await mobile.getByTestId("nav-open").click();
      const drawer = mobile.locator(".ant-drawer-open");
      await drawer.getByText("用户管理").click();
      await mobile.waitForURL(/\/admin\/users$/);
      await expect.poll(() => mobile.getByTestId("user-card").count()).toBe(2);
      await screenshot(mobile, "users-390-zh");

      await mobile.getByTestId(`toggle-user-${BUYER.email}`).click();
      await mobile.getByTestId("toggle-confirm").click();
      await mobile.getByTestId("user-card").filter({ hasText: BUYER.email }).getByText("已停用").waitFor();
      await screenshot(mobile, "users-deactivated-390-zh");
      const refused = await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: BUYER.email, password: buyerPassword }),
      });
      expect(refused.status).toBe(401);

      await mobile.getByTestId("user-menu").click();
      await mobile.locator(".ant-dropdown-menu-item").filter({ hasText: "API 令牌" }).click();
      await mobile.getByTestId("tokens-title").getByText("API 令牌").waitFor();
      await screenshot(mobile, "tokens-390-zh");
      await phone.close();
    },
    () => mobile,
  );

  step("the token page at desktop width (zh-CN)", async () => {
    await page.getByTestId("language-switch").click();
    await page.locator(".ant-dropdown-menu-item").filter({ hasText: "中文" }).click();
    await page.getByTestId("user-menu").click();
    await page.locator(".ant-dropdown-menu-item").filter({ hasText: "API 令牌" }).click();
    await page.getByTestId("new-token").click();
    await page.locator("#token_name").fill("数据仓库同步");
    await page.getByTestId("token-submit").click();
    await page.getByTestId("token-secret").waitFor();
    await screenshot(page, "token-secret-1280-zh");
    await page.getByTestId("token-done").click();
    await tableRows(page).filter({ hasText: "数据仓库同步" }).waitFor();
    await screenshot(page, "tokens-1280-zh");
  });
});
