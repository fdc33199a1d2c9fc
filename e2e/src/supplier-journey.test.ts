import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { initialJsGzipBytes } from "./bundle-size.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { fieldErrors, login, pickOption, tableRows } from "./ui.ts";

// The acceptance journey of the web app issue: a new admin signs in, designs "Supplier" with five fields,
// adds three suppliers through the form, meets the server's validation messages in zh-CN and then in en,
// finds one supplier with a filter, and does the same at phone width through the drawer navigation.

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  desktop = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  desktop.setDefaultTimeout(10_000);
  page = await desktop.newPage();
});

const step = journey(() => page);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const SUPPLIERS = [
  { name: "苏州精密机械", tier: "B 级", spend: "1250000", email: "sales@szjm.cn", since: "2021-03-01" },
  { name: "华东轴承", tier: "A 级", spend: "380000", email: "hd@bearing.cn", since: "2019-07-15" },
  { name: "宁波模具", tier: "C 级", spend: "20000000", email: "nb@mold.cn", since: "2024-11-20" },
];

async function addField(
  labels: { zh: string; en: string },
  type: string | null,
  configure?: () => Promise<void>,
) {
  await page.getByTestId("add-field").click();
  const drawer = page.locator("#field_type");
  await drawer.waitFor();
  if (type) await pickOption(page, "#field_type", type);
  await page.getByTestId("field-label-zh").fill(labels.zh);
  await page.getByTestId("field-label-en").fill(labels.en);
  await configure?.();
  await page.getByTestId("field-submit").click();
  await drawer.waitFor({ state: "detached" });
  await page.locator(".ant-table-tbody").getByText(labels.en, { exact: true }).waitFor();
}

describe("the web app is served by the server", () => {
  it("serves index.html for app routes (revalidated) and hashed assets cached for good", async () => {
    const index = await fetch(`${server.url}/o/supplier/123`);
    expect(index.status).toBe(200);
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const script = await fetch(`${server.url}${asset}`, { headers: { "accept-encoding": "br" } });
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toContain("immutable");
    const missingApi = await fetch(`${server.url}/api/no-such-route`);
    expect(missingApi.status).toBe(404);
    expect(missingApi.headers.get("content-type")).toContain("application/problem+json");
  });

  it("keeps the JavaScript of the first page load within 600 KB gzip (the designer and forms load later)", () => {
    const { bytes, files } = initialJsGzipBytes();
    console.log(`initial JS: ${(bytes / 1024).toFixed(1)} KB gzip in ${files.length} files`);
    expect(bytes).toBeLessThanOrEqual(600 * 1024);
    expect(files.some((file) => file.includes("designer"))).toBe(false);
  });
});

describe("a new admin designs Supplier, adds suppliers and finds one", () => {
  step("logs in (zh-CN)", async () => {
    await page.goto("/");
    await page.waitForURL(/\/login/);
    await page.getByRole("heading", { name: "登录客多" }).waitFor();
    await screenshot(page, "login-1280-zh");
    await login(page, ADMIN.email, ADMIN.password);
    await page.getByText("还没有任何对象").waitFor();
  });

  step("creates the object Supplier with five fields in the designer", async () => {
    await page.getByRole("button", { name: "打开对象设计器" }).click();
    await page.waitForURL(/\/admin\/objects/);
    await page.getByTestId("new-object").click();
    await page.getByTestId("object-label-zh").fill("供应商");
    await page.getByTestId("object-label-en").fill("Supplier");
    // The API name follows the English name until the admin edits it.
    expect(await page.getByTestId("object-api-name").inputValue()).toBe("supplier");
    await page.getByTestId("object-submit").click();
    await page.waitForURL(/\/admin\/objects\/supplier$/);
    await page.getByTestId("designer-object-title").getByText("供应商").waitFor();

    await addField({ zh: "名称", en: "Name" }, null, async () => {
      await page.getByTestId("field-required").check();
    });
    await addField({ zh: "等级", en: "Tier" }, "单选", async () => {
      const tiers = [
        ["A 级", "Tier A"],
        ["B 级", "Tier B"],
        ["C 级", "Tier C"],
      ];
      for (const [index, [zh, en]] of tiers.entries()) {
        if (index > 0) await page.getByTestId("add-option").click();
        await page.getByTestId(`option-zh-${index}`).fill(zh!);
        await page.getByTestId(`option-en-${index}`).fill(en!);
      }
      expect(await page.getByTestId("option-value-2").inputValue()).toBe("tier_c");
    });
    await addField({ zh: "年采购额", en: "Annual spend" }, "金额");
    await addField({ zh: "联系邮箱", en: "Contact email" }, "邮箱");
    await addField({ zh: "合作开始", en: "Partner since" }, "日期");
    expect(await page.locator(".ant-table-tbody tr.ant-table-row").count()).toBe(5);
    await screenshot(page, "designer-1280-zh");

    // Changing a field: one more tier, with its labels and colour.
    await page.getByTestId("edit-field-tier").click();
    await page.getByTestId("add-option").click();
    await page.getByTestId("option-zh-3").fill("D 级");
    await page.getByTestId("option-en-3").fill("Tier D");
    await screenshot(page, "designer-field-1280-zh");
    await page.getByTestId("field-submit").click();
    await page.locator("#field_type").waitFor({ state: "detached" });
    // The new object is in the navigation at once.
    await page.getByTestId("nav-menu").getByText("供应商").waitFor();
  });

  step("adds three suppliers through the generated form", async () => {
    for (const supplier of SUPPLIERS) {
      await page.goto("/o/supplier");
      await page.getByTestId("new-record").click();
      await page.locator("#record_name").fill(supplier.name);
      await pickOption(page, "#record_tier", supplier.tier);
      await page.locator("#record_annual_spend").fill(supplier.spend);
      await page.locator("#record_contact_email").fill(supplier.email);
      await page.locator("#record_partner_since").click();
      await page.locator("#record_partner_since").fill(supplier.since);
      // Tab, not Enter: Enter in a form field submits the form.
      await page.keyboard.press("Tab");
      if (supplier === SUPPLIERS[0]) await screenshot(page, "form-1280-zh");
      await page.getByTestId("save-record").click();
      await page.waitForURL(/\/o\/supplier\/[0-9a-f-]{36}$/);
      await page.getByTestId("record-title").getByText(supplier.name).waitFor();
    }
    await screenshot(page, "record-1280-zh");
    await page.goto("/o/supplier");
    await page.getByText("宁波模具").waitFor();
    expect(await tableRows(page).count()).toBe(3);
    // zh-CN shows large amounts with 万/亿.
    await page.getByText("¥2000万").waitFor();
    await screenshot(page, "list-1280-zh");
  });

  step(
    "shows the server's field errors beside the fields in zh-CN, then in en, keeping the input",
    async () => {
      await page.goto("/o/supplier/new");
      await page.locator("#record_contact_email").fill("not-an-email");
      await page.getByTestId("save-record").click();
      await fieldErrors(page, "record_name").getByText("此项为必填项").waitFor();
      expect(await fieldErrors(page, "record_contact_email").count()).toBe(1);
      await screenshot(page, "form-errors-1280-zh");

      await page.getByTestId("language-switch").click();
      await page.locator(".ant-dropdown-menu-item").filter({ hasText: "English" }).click();
      await page.getByTestId("save-record").getByText("Save").waitFor();
      expect(await page.locator("#record_contact_email").inputValue()).toBe("not-an-email");
      await page.getByTestId("save-record").click();
      await fieldErrors(page, "record_name").getByText("This field is required").waitFor();
      await screenshot(page, "form-errors-1280-en");

      // The language is saved for the user: a reload keeps English.
      await page.reload();
      await page.getByTestId("save-record").getByText("Save").waitFor();
    },
  );

  step("finds one supplier with a filter, the quick search and sorting (en)", async () => {
    await page.goto("/o/supplier");
    await page.getByText("宁波模具").waitFor();
    await page.getByTestId("list-title").getByText("Suppliers").waitFor();
    await screenshot(page, "list-1280-en");

    await page.getByTestId("filter-toggle").click();
    await page.getByTestId("filter-add").click();
    const condition = page.getByTestId("filter-condition").first();
    await pickOption(page, condition.locator(".ant-select").first(), "Tier");
    await pickOption(page, condition.locator(".ant-select").nth(2), "Tier B");
    await page.getByTestId("filter-apply").click();
    await page.waitForURL(/f=/);
    await expect.poll(() => tableRows(page).count()).toBe(1);
    await page.locator(".ant-table-tbody").getByText("苏州精密机械").waitFor();
    await screenshot(page, "list-filter-1280-en");

    await page.getByRole("button", { name: "Clear all" }).click();
    await expect.poll(() => tableRows(page).count()).toBe(3);
    await page.getByTestId("quick-search").locator("input").fill("华东");
    await expect.poll(() => tableRows(page).count()).toBe(1);
    await page.getByTestId("quick-search").locator("input").fill("");
    await expect.poll(() => tableRows(page).count()).toBe(3);

    await page.locator(".ant-table-thead th").filter({ hasText: "Annual spend" }).click();
    await page.waitForURL(/sort=annual_spend/);
    await expect.poll(() => tableRows(page).first().textContent()).toContain("华东轴承");
  });

  let mobile: Page;
  step(
    "navigates at phone width through the drawer, in en and in zh-CN",
    async () => {
      const phone = await newContext(browser, { viewport: PHONE, locale: "zh-CN", baseURL: server.url });
      phone.setDefaultTimeout(10_000);
      mobile = await phone.newPage();
      await login(mobile, ADMIN.email, ADMIN.password);
      // Home opens the first object's list; the saved language (en) wins over the browser's (zh-CN).
      await mobile.waitForURL(/\/o\/supplier$/);
      await expect.poll(() => mobile.getByTestId("record-card").count()).toBe(3);
      await mobile.getByTestId("list-title").getByText("Suppliers").waitFor();
      await screenshot(mobile, "list-390-en");

      const drawer = mobile.locator(".ant-drawer-open");
      await mobile.getByTestId("nav-open").click();
      await drawer.getByText("Object designer").waitFor();
      await screenshot(mobile, "drawer-390-en");
      await drawer.getByText("Object designer").click();
      await mobile.waitForURL(/\/admin\/objects$/);
      await drawer.waitFor({ state: "detached" });

      await mobile.getByTestId("language-switch").click();
      await mobile.locator(".ant-dropdown-menu-item").filter({ hasText: "中文" }).click();
      await mobile.getByText("对象设计器").first().waitFor();
      await mobile.getByTestId("nav-open").click();
      await drawer.getByText("供应商").waitFor();
      await screenshot(mobile, "drawer-390-zh");
      await drawer.getByText("供应商").click();
      await mobile.waitForURL(/\/o\/supplier$/);
      await expect.poll(() => mobile.getByTestId("record-card").count()).toBe(3);
      await screenshot(mobile, "list-390-zh");

      await mobile.getByTestId("record-card").filter({ hasText: "宁波模具" }).click();
      await mobile.getByTestId("record-title").getByText("宁波模具").waitFor();
      await screenshot(mobile, "record-390-zh");
      await mobile.getByTestId("filter-toggle").waitFor({ state: "detached" });
      await mobile.goBack();
      await mobile.getByTestId("filter-toggle").click();
      await mobile.getByTestId("filter-add").click();
      await screenshot(mobile, "filter-390-zh");
      await phone.close();
    },
    () => mobile,
  );
});
