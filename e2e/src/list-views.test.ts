import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { defineObject, label, REGION_FIELD } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login, pickOption, tableRows } from "./ui.ts";

// Saved list views as server metadata: filter and multi-sort a list, save it as a view, open the list again
// and get the view back from the server; inline edit (with the server's validation message at the cell),
// bulk edit and bulk delete; the view switcher at phone width. Screenshots in zh-CN and en at both sizes.

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let api: ApiClient;

const DEALS = [
  { name: "苏州精密机械", region: "east", amount: 120000, email: "a@szjm.cn" },
  { name: "华东轴承", region: "east", amount: 560000, email: "b@hd.cn" },
  { name: "宁波模具", region: "east", amount: 560000, email: "c@nb.cn" },
  { name: "杭州电子", region: "east", amount: 80000, email: "d@hz.cn" },
  { name: "广州物流", region: "south", amount: 990000, email: "e@gz.cn" },
  { name: "北京软件", region: "north", amount: 300000, email: "f@bj.cn" },
];

type View = { id: string; name: string; filter: unknown; sort: unknown; columns: unknown; version: number };
type Deal = { id: string; name: string; region: string; amount: number };

const views = () => api.request<{ views: View[]; current_view_id: string | null }>("GET", "/api/views/deal");
const deals = async () =>
  (await api.request<{ records: Deal[] }>("GET", "/api/records/deal?limit=100")).records;
// The first cell after the selection box is the name.
const rowNames = (target = page) => tableRows(target).locator("td:nth-child(2)").allTextContents();
const EAST_BY_AMOUNT = ["华东轴承", "宁波模具", "苏州精密机械", "杭州电子"];
const cellOf = (name: string, field: string) =>
  tableRows(page).filter({ hasText: name }).locator(`[data-testid^="cell-${field}-"]`);

/** The `filter` parameter of every request for the deal list the page makes until `stop()`. */
function listRequests(target: Page) {
  const filters: (string | null)[] = [];
  const listen = (request: { url(): string; method(): string }) => {
    const url = new URL(request.url());
    if (request.method() === "GET" && url.pathname === "/api/records/deal")
      filters.push(url.searchParams.get("filter") ?? `none: ${url.search}`);
  };
  target.on("request", listen);
  return { filters, stop: () => target.off("request", listen) };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await defineObject(api, "deal", label("商机", "Deal"), [
    { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
    REGION_FIELD,
    { api_name: "amount", type: "number", labels: label("金额", "Amount") },
    { api_name: "email", type: "email", labels: label("邮箱", "Email") },
  ]);
  await api.request("POST", "/api/records/deal/bulk", { records: DEALS });
  desktop = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  desktop.setDefaultTimeout(10_000);
  page = await desktop.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

describe("saved list views, inline and bulk edit", () => {
  step("filters, sorts on two columns and saves the list as a view on the server (zh-CN)", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.goto("/o/deal");
    await page.getByText("北京软件").waitFor();

    await page.getByTestId("filter-toggle").click();
    await page.getByTestId("filter-add").click();
    const condition = page.getByTestId("filter-condition").first();
    await pickOption(page, condition.locator(".ant-select").first(), "区域");
    await pickOption(page, condition.locator(".ant-select").nth(2), "华东");
    await page.getByTestId("filter-apply").click();
    await expect.poll(() => tableRows(page).count(), { timeout: 10_000 }).toBe(4);

    await page.getByTestId("sort-toggle").click();
    await page.getByTestId("sort-add").click();
    await pickOption(page, page.getByTestId("sort-field-0"), "金额");
    await pickOption(page, page.getByTestId("sort-direction-0"), "降序");
    await page.getByTestId("sort-add").click();
    await pickOption(page, page.getByTestId("sort-field-1"), "名称");
    await page.getByTestId("sort-apply").click();
    await page.waitForURL(/sort=-amount%2Cname|sort=-amount,name/);
    await expect.poll(() => rowNames(), { timeout: 10_000 }).toEqual(EAST_BY_AMOUNT);

    await page.getByTestId("view-actions").click();
    await page.locator(".ant-dropdown-menu-item").filter({ hasText: "另存为新视图" }).click();
    await page.getByTestId("view-name").fill("华东大单");
    await screenshot(page, "views-save-as-1280-zh");
    await page.getByTestId("view-name-ok").click();
    await page.getByText("已创建视图“华东大单”").waitFor();
    await page.waitForURL(/view=/);

    const stored = await views();
    const view = stored.views.find((v) => v.name === "华东大单");
    expect(view).toMatchObject({
      filter: { region: { eq: "east" } },
      sort: [
        { field: "amount", direction: "desc" },
        { field: "name", direction: "asc" },
      ],
    });
    // The last-used view is remembered by a request of its own, after the view is created: wait for it.
    await expect.poll(async () => (await views()).current_view_id, { timeout: 10_000 }).toBe(view!.id);
  });

  step("opening the list again brings the view back from the server", async () => {
    // A new page with nothing in the URL: only the server knows which view was used last.
    const asked = listRequests(page);
    await page.goto("/o/deal");
    await page.waitForURL(/view=/);
    await page.getByTestId("view-switcher").getByText("华东大单").waitFor();
    await expect.poll(() => rowNames(), { timeout: 10_000 }).toEqual(EAST_BY_AMOUNT);
    // The rows were asked for with the view's filter only: the whole list never showed first.
    expect(asked.filters.length).toBeGreaterThan(0);
    expect(
      asked.filters.every((filter) => filter?.includes("east")),
      JSON.stringify(asked.filters),
    ).toBe(true);
    asked.stop();
    await screenshot(page, "views-restored-1280-zh");
  });

  step(
    "coming to the list from another page, or by a link naming the view, asks only for the view's rows",
    async () => {
      const view = (await views()).views.find((v) => v.name === "华东大单")!;
      // The app is loaded and knows the objects, but not yet this list's views: the route's loader fetches them.
      // A page that stays put: the start page would go on to the list by itself, racing the click.
      await page.goto("/me/tokens");
      await page.getByTestId("tokens-title").waitFor();
      const asked = listRequests(page);
      await page.locator('a[href="/o/deal"]').first().click();
      await expect.poll(() => rowNames(), { timeout: 10_000 }).toEqual(EAST_BY_AMOUNT);
      expect(asked.filters.length).toBeGreaterThan(0);
      expect(
        asked.filters.every((filter) => filter?.includes("east")),
        JSON.stringify(asked.filters),
      ).toBe(true);
      asked.stop();

      const linked = listRequests(page);
      await page.goto(`/o/deal?view=${view.id}`);
      await expect.poll(() => rowNames(), { timeout: 10_000 }).toEqual(EAST_BY_AMOUNT);
      expect(
        linked.filters.every((filter) => filter?.includes("east")),
        `linked ${JSON.stringify(linked.filters)}`,
      ).toBe(true);
      linked.stop();
    },
  );

  let racing: Page | undefined;
  step(
    "a navigation that lands while the last-used view is being applied still ends on the view's rows",
    async () => {
      const tab = await desktop.newPage();
      racing = tab;
      // The start page goes on to the list, which writes the last-used view into the URL. The moment the
      // router writes it (before React has shown it), the list's menu link is clicked: a blank /o/deal lands.
      await tab.addInitScript(() => {
        type Navigate = { destination: { url: string } };
        const events = (window as unknown as { navigation: EventTarget }).navigation;
        const seen: string[] = [];
        (window as unknown as { seen: string[] }).seen = seen;
        events.addEventListener("navigate", (event) => {
          const url = new URL((event as unknown as Navigate).destination.url);
          if (url.pathname !== "/o/deal") return;
          seen.push(url.pathname + (url.searchParams.has("view") ? "?view" : ""));
          if (seen.join() !== "/o/deal,/o/deal?view") return;
          queueMicrotask(() => document.querySelector<HTMLElement>('a[href="/o/deal"]')?.click());
        });
      });
      const asked = listRequests(tab);
      await tab.goto("/");
      await expect.poll(() => rowNames(tab), { timeout: 10_000 }).toEqual(EAST_BY_AMOUNT);
      await tab.getByTestId("view-switcher").getByText("华东大单").waitFor();
      // The click landed on top of the view being applied, and the view was applied again after it.
      expect(await tab.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual([
        "/o/deal",
        "/o/deal?view",
        "/o/deal",
        "/o/deal?view",
      ]);
      expect(asked.filters.length).toBeGreaterThan(0);
      expect(
        asked.filters.every((filter) => filter?.includes("east")),
        JSON.stringify(asked.filters),
      ).toBe(true);
      asked.stop();
      await tab.close();
    },
    () => racing ?? page,
  );

  let enPage: Page | undefined;
  step(
    "the same list in English",
    async () => {
      const en = await newContext(browser, { viewport: DESKTOP, locale: "en", baseURL: server.url });
      enPage = await en.newPage();
      enPage.setDefaultTimeout(10_000);
      await login(enPage, ADMIN.email, ADMIN.password);
      await enPage.goto("/o/deal");
      await enPage.getByTestId("view-switcher").getByText("华东大单").waitFor();
      await enPage.getByTestId("view-actions").click();
      await enPage.locator(".ant-dropdown-menu-item").filter({ hasText: "Save as new view" }).waitFor();
      await enPage.keyboard.press("Escape");
      await screenshot(enPage, "views-list-1280-en");
      await en.close();
    },
    () => enPage ?? page,
  );

  step("the column chooser saves the columns into the view", async () => {
    await page.getByTestId("columns-toggle").click();
    await page.getByTestId("column-remove-email").click();
    await page.getByTestId("columns-apply").click();
    await page.getByText("列设置已保存到视图“华东大单”").waitFor();
    const view = (await views()).views.find((v) => v.name === "华东大单");
    expect(view?.columns).toEqual([
      { field: "name" },
      { field: "region" },
      { field: "amount" },
      { field: "owner_id" },
    ]);
    await expect
      .poll(() => page.locator(".ant-table-thead th").filter({ hasText: "邮箱" }).count(), {
        timeout: 10_000,
      })
      .toBe(0);
  });

  step("edits a cell in place, and shows the server's message at the cell", async () => {
    await cellOf("杭州电子", "amount").click();
    const editor = page.locator('[data-testid^="cell-amount-"][data-testid$="-editor"] input');
    await editor.fill("85000");
    await page.locator('[data-testid^="cell-"][data-testid$="-save"]').click();
    await page.getByText("已保存").first().waitFor();
    await expect
      .poll(async () => (await deals()).find((d) => d.name === "杭州电子")?.amount, { timeout: 10_000 })
      .toBe(85000);

    // Put the email column back for this list only, and give it an invalid address.
    const url = new URL(page.url());
    url.searchParams.set("cols", "name,region,amount,email");
    await page.goto(url.pathname + url.search);
    await cellOf("杭州电子", "email").waitFor();
    await cellOf("杭州电子", "email").click();
    await page.locator('[data-testid^="cell-email-"][data-testid$="-editor"] input').fill("not-an-email");
    await page.locator('[data-testid^="cell-"][data-testid$="-save"]').click();
    const error = tableRows(page).filter({ hasText: "杭州电子" }).locator(".ant-form-item-explain-error");
    await error.waitFor();
    expect(await error.textContent()).toMatch(/邮箱|格式/);
    await screenshot(page, "views-inline-error-1280-zh");
    await page.keyboard.press("Escape");
    expect((await deals()).find((d) => d.name === "杭州电子")).toMatchObject({ email: "d@hz.cn" });
  });

  step("Enter saves a cell, Escape leaves it, and a value left as it was sends nothing", async () => {
    const patches: string[] = [];
    const listen = (request: { method(): string; url(): string }) => {
      if (request.method() === "PATCH") patches.push(request.url());
    };
    page.on("request", listen);
    try {
      const editor = () => page.locator('[data-testid^="cell-amount-"][data-testid$="-editor"] input');
      await cellOf("宁波模具", "amount").click();
      await editor().fill("570000");
      await editor().press("Enter");
      await expect
        .poll(async () => (await deals()).find((d) => d.name === "宁波模具")?.amount, { timeout: 10_000 })
        .toBe(570000);
      await expect.poll(() => editor().count()).toBe(0);
      expect(patches).toHaveLength(1);

      await cellOf("宁波模具", "amount").click();
      await editor().fill("1");
      await editor().press("Escape");
      await expect.poll(() => editor().count()).toBe(0);
      await cellOf("宁波模具", "amount").click();
      await editor().press("Enter");
      await expect.poll(() => editor().count()).toBe(0);
      expect(patches).toHaveLength(1);
      expect((await deals()).find((d) => d.name === "宁波模具")?.amount).toBe(570000);
    } finally {
      page.off("request", listen);
    }
  });

  step("edits one cell at a time: opening another closes the first", async () => {
    await cellOf("宁波模具", "amount").click();
    await page.locator('[data-testid^="cell-amount-"][data-testid$="-editor"]').first().waitFor();
    await cellOf("杭州电子", "amount").click();
    await expect.poll(() => page.locator('[data-testid^="cell-"][data-testid$="-editor"]').count()).toBe(1);
    await page.locator('[data-testid^="cell-amount-"][data-testid$="-editor"] input').press("Escape");
    await expect.poll(() => page.locator('[data-testid^="cell-"][data-testid$="-editor"]').count()).toBe(0);
  });

  step("bulk-edits the selected records: they leave the filtered view", async () => {
    await page.goto("/o/deal");
    await expect.poll(() => tableRows(page).count(), { timeout: 10_000 }).toBe(4);
    for (const name of ["苏州精密机械", "杭州电子"])
      await tableRows(page).filter({ hasText: name }).locator(".ant-checkbox-input").check();
    await page.getByTestId("bulk-bar").getByText("已选 2 条").waitFor();
    await page.getByTestId("bulk-edit").click();
    // The modal's entrance motion can swallow the first pick: pick until the value input appears.
    await expect
      .poll(
        async () => {
          await pickOption(page, page.getByTestId("bulk-field"), "区域");
          return page.locator(".ant-modal .ant-select").count();
        },
        { timeout: 20_000 },
      )
      .toBe(2);
    await pickOption(page, page.locator(".ant-modal .ant-select").nth(1), "华北");
    await screenshot(page, "views-bulk-edit-1280-zh");
    await page.getByTestId("bulk-edit-ok").click();
    await page.getByText("已修改 2 条记录").waitFor();
    await expect.poll(() => tableRows(page).count(), { timeout: 10_000 }).toBe(2);
    const regions = Object.fromEntries((await deals()).map((d) => [d.name, d.region]));
    expect(regions).toMatchObject({ 苏州精密机械: "north", 杭州电子: "north", 华东轴承: "east" });
  });

  step("bulk-deletes the selected records", async () => {
    await page.locator(".ant-table-thead .ant-checkbox-input").check();
    await page.getByTestId("bulk-delete").click();
    await page.getByTestId("bulk-delete-ok").click();
    await page.getByText("已删除 2 条记录").waitFor();
    await expect.poll(() => tableRows(page).count(), { timeout: 10_000 }).toBe(0);
    const names = (await deals()).map((d) => d.name).sort();
    expect(names).toEqual(["北京软件", "广州物流", "杭州电子", "苏州精密机械"].sort());
  });

  step("at phone width the list is cards and the view switcher still works", async () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const phone = await newContext(browser, { viewport: PHONE, locale, baseURL: server.url });
      phone.setDefaultTimeout(10_000);
      const mobile = await phone.newPage();
      await login(mobile, ADMIN.email, ADMIN.password);
      await mobile.goto("/o/deal");
      await mobile.getByTestId("view-switcher").getByText("华东大单").waitFor();
      await pickOption(
        mobile,
        mobile.getByTestId("view-switcher"),
        locale === "en" ? "All records" : "全部记录",
      );
      await expect.poll(() => mobile.getByTestId("record-card").count(), { timeout: 10_000 }).toBe(4);
      await screenshot(mobile, `views-cards-390-${locale === "en" ? "en" : "zh"}`);
      expect((await views()).current_view_id).toBeNull();
      await pickOption(mobile, mobile.getByTestId("view-switcher"), "华东大单");
      await expect.poll(() => mobile.getByTestId("record-card").count(), { timeout: 10_000 }).toBe(0);
      await mobile.getByTestId("view-switcher").click();
      await screenshot(mobile, `views-switcher-390-${locale === "en" ? "en" : "zh"}`);
      await mobile.keyboard.press("Escape");
      // The button beside the switcher says what it opens, in words, not only a caret.
      const viewActions = mobile.getByTestId("view-actions");
      expect(await viewActions.textContent()).toBe(locale === "en" ? "View actions" : "视图操作");
      await viewActions.click();
      await mobile
        .locator(".ant-dropdown-menu-item")
        .filter({ hasText: locale === "en" ? "Save as new view" : "另存为新视图" })
        .waitFor();
      expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(mobile, `views-actions-390-${locale === "en" ? "en" : "zh"}`);
      await mobile.keyboard.press("Escape");
      await phone.close();
    }
  });
});
