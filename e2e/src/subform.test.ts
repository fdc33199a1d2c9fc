import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { fieldErrors, login } from "./ui.ts";

// Sub-forms (issue 6 §5): a quote with its line items edited as rows of one form and saved in one request
// (one transaction); a bad row is reported in its cell and nothing is stored; the total (a formula over the
// rows) follows the typing in the browser, and the server's value is what the saved quote shows.

let server: RunningServer;
let browser: Browser;
let api: ApiClient;
const contexts: BrowserContext[] = [];
let page: Page;

async function setUpQuotes() {
  const object = (api_name: string, zh: string, en: string) =>
    api.request("POST", "/api/meta/objects", { api_name, labels: label(zh, en) });
  const field = (object: string, body: Record<string, unknown>, zh: string, en: string) =>
    api.request("POST", `/api/meta/objects/${object}/fields`, { labels: label(zh, en), ...body });
  await object("quote", "报价单", "Quote");
  await field("quote", { api_name: "title", type: "text", required: true }, "标题", "Title");
  await object("line_item", "报价明细", "Line item");
  await field("line_item", { api_name: "product", type: "text", required: true }, "产品", "Product");
  await field("line_item", { api_name: "quantity", type: "number", required: true }, "数量", "Quantity");
  await field(
    "line_item",
    { api_name: "unit_price", type: "number", config: { scale: 2 } },
    "单价",
    "Unit price",
  );
  await field(
    "line_item",
    {
      api_name: "quote",
      type: "relation",
      config: {
        relation: {
          target: "quote",
          cardinality: "many_to_one",
          inverse_name: "line_items",
          inverse_labels: label("报价明细", "Line items"),
        },
      },
    },
    "报价单",
    "Quote",
  );
  await field(
    "line_item",
    { api_name: "amount", type: "formula", config: { expression: "quantity * unit_price" } },
    "金额",
    "Amount",
  );
  await field(
    "quote",
    { api_name: "total", type: "formula", config: { expression: "SUM(line_items.amount)" } },
    "合计",
    "Total",
  );
  // The layout places the line items as a sub-form under the quote's own fields.
  await api.request("PUT", "/api/layouts/quote", {
    sections: [
      {
        id: "main",
        label: label("基本信息", "Details"),
        columns: 2,
        items: [
          { kind: "field", field: "title" },
          { kind: "field", field: "total" },
        ],
      },
      {
        id: "lines",
        label: label("明细", "Lines"),
        columns: 1,
        items: [{ kind: "subform", object: "line_item", field: "quote" }],
      },
    ],
  });
}

const countOf = async (object: string) =>
  (await api.request<{ records: unknown[] }>("GET", `/api/records/${object}?limit=1000`)).records.length;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await setUpQuotes();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(viewport: typeof DESKTOP, locale: "zh-CN" | "en") {
  const context = await newContext(browser, { viewport, locale, baseURL: server.url });
  context.setDefaultTimeout(10_000);
  contexts.push(context);
  page = await context.newPage();
  await login(page, ADMIN.email, ADMIN.password);
}

const cell = (row: number, field: string) => page.locator(`#record_line_items_${row}_${field}`);

async function fillRow(row: number, values: { product?: string; quantity?: string; unit_price?: string }) {
  for (const [name, value] of Object.entries(values)) await cell(row, name).fill(value);
}

const step = journey(() => page);

describe("a quote with line items in one form", () => {
  step("saves a quote with three rows at once, the total following the typing (zh-CN, 1280)", async () => {
    await open(DESKTOP, "zh-CN");
    await page.goto("/o/quote/new");
    await page.getByTestId("subform-line_items").waitFor();
    await page.locator("#record_title").fill("华东项目报价");
    const rows = [
      { product: "螺栓 M8", quantity: "100", unit_price: "0.5" },
      { product: "垫片", quantity: "200", unit_price: "0.1" },
      { product: "螺母 M8", quantity: "100", unit_price: "0.3" },
    ];
    for (const [index, row] of rows.entries()) {
      await page.getByTestId("subform-line_items-add").click();
      await fillRow(index, row);
    }
    // Live: the row amount and the quote total are computed in the browser before anything is saved.
    await expect.poll(() => page.locator("#record_total").inputValue()).toBe("100");
    await page.getByTestId("subform-line_items-1-amount").getByText("20").waitFor();
    await cell(2, "quantity").fill("1000");
    await expect.poll(() => page.locator("#record_total").inputValue()).toBe("370");
    await screenshot(page, "subform-1280-zh");

    await page.getByTestId("save-record").click();
    await page.waitForURL(/\/o\/quote\/[0-9a-f-]{36}$/);
    const id = page.url().split("/").pop()!;
    const quote = await api.request<{ total: number; version: number }>("GET", `/api/records/quote/${id}`);
    expect(quote.total).toBe(370);
    const filter = encodeURIComponent(JSON.stringify({ quote: { eq: id } }));
    const stored = await api.request<{ records: Array<{ product: string; quantity: number }> }>(
      "GET",
      `/api/records/line_item?filter=${filter}`,
    );
    expect(stored.records.map((r) => [r.product, r.quantity]).sort()).toEqual(
      [
        ["螺栓 M8", 100],
        ["垫片", 200],
        ["螺母 M8", 1000],
      ].sort(),
    );
  });

  step("edits the rows of a saved quote: one changed, one removed, one added", async () => {
    await page.getByTestId("edit-record").click();
    await page.waitForURL(/\/edit$/);
    await cell(2, "product").waitFor();
    await expect.poll(() => cell(0, "product").inputValue()).not.toBe("");
    const id = page.url().split("/").slice(-2)[0]!;
    const removed = await cell(1, "product").inputValue();
    await page.getByTestId("subform-line_items-remove-1").click();
    await cell(0, "quantity").fill("50");
    await page.getByTestId("subform-line_items-add").click();
    await fillRow(2, { product: "扳手", quantity: "2", unit_price: "15" });
    await page.getByTestId("save-record").click();
    await page.waitForURL(new RegExp(`/o/quote/${id}$`));
    const filter = encodeURIComponent(JSON.stringify({ quote: { eq: id } }));
    const stored = await api.request<{ records: Array<{ product: string }> }>(
      "GET",
      `/api/records/line_item?filter=${filter}`,
    );
    expect(stored.records).toHaveLength(3);
    expect(stored.records.map((r) => r.product)).not.toContain(removed);
    expect(stored.records.map((r) => r.product)).toContain("扳手");
  });

  for (const [locale, required] of [
    ["zh-CN", "此项为必填项"],
    ["en", "This field is required"],
  ] as const) {
    for (const [viewport, size] of [
      [DESKTOP, "1280"],
      [PHONE, "390"],
    ] as const) {
      step(`reports one bad row in its cell and stores nothing (${locale}, ${size})`, async () => {
        if (!(locale === "zh-CN" && size === "1280")) await open(viewport, locale);
        const [quotes, items] = [await countOf("quote"), await countOf("line_item")];
        await page.goto("/o/quote/new");
        await page.getByTestId("subform-line_items").waitFor();
        await page.locator("#record_title").fill("Bad row quote");
        await page.getByTestId("subform-line_items-add").click();
        await fillRow(0, { product: "Bolt", quantity: "10", unit_price: "1.5" });
        await page.getByTestId("subform-line_items-add").click();
        await fillRow(1, { product: "Nut", unit_price: "0.2" });
        await page.getByTestId("subform-line_items-add").click();
        await fillRow(2, { product: "Washer", quantity: "5" });
        await expect.poll(() => page.locator("#record_total").inputValue()).toBe("15");
        await page.getByTestId("save-record").click();
        await fieldErrors(page, "record_line_items_1_quantity").getByText(required).waitFor();
        expect(await fieldErrors(page, "record_line_items_0_quantity").count()).toBe(0);
        await page.getByTestId("form-error").waitFor();
        // Nothing is lost and nothing is stored.
        expect(await cell(0, "product").inputValue()).toBe("Bolt");
        expect(await cell(1, "product").inputValue()).toBe("Nut");
        expect([await countOf("quote"), await countOf("line_item")]).toEqual([quotes, items]);
        await cell(1, "quantity").scrollIntoViewIfNeeded();
        await screenshot(page, `subform-error-${size}-${locale === "zh-CN" ? "zh" : "en"}`);
        // Fixing the row saves all three.
        await cell(1, "quantity").fill("4");
        await page.getByTestId("save-record").click();
        await page.waitForURL(/\/o\/quote\/[0-9a-f-]{36}$/);
        expect([await countOf("quote"), await countOf("line_item")]).toEqual([quotes + 1, items + 3]);
      });
    }
  }
});
