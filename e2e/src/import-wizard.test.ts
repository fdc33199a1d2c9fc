import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { defineObject, label, REGION_FIELD } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login, pickOption, tableRows } from "./ui.ts";

// The import wizard in zh-CN: a hostile file is refused with the server's message, then a workbook with
// Chinese headers, one bad row and one duplicate goes through upload → suggested mapping → check (the bad
// row reported) → import (surviving a reload) → the records in the list → undo → the list as before.
// Screenshots of every step at 1280 px and of the mapping and result at 390 px in zh-CN and en.

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let api: ApiClient;

const EXISTING = ["北京软件", "上海贸易"];
const HEADERS = ["客户名称", "区域", "年收入", "签约日期"];
const ROWS = [
  ["杭州电子", "华东", "120,000", "2026年3月5日"],
  ["深圳硬件", "华南", "1.5万", "2026/4/1"],
  ["无效日期公司", "华北", "88", "下周二"],
  ["北京软件", "华北", "500", "2026-02-03"],
];

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("客户");
  sheet.addRow(HEADERS);
  for (const row of ROWS) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await defineObject(api, "customer", label("客户", "Customer"), [
    { api_name: "name", type: "text", required: true, labels: label("客户名称", "Name") },
    REGION_FIELD,
    { api_name: "revenue", type: "currency", labels: label("年收入", "Revenue") },
    { api_name: "signed", type: "date", labels: label("签约日期", "Signed") },
    { api_name: "code", type: "text", labels: label("客户编号", "Code") },
  ]);
  await api.request("PATCH", "/api/meta/objects/customer", { display_field: "name" });
  await api.request("POST", "/api/records/customer/bulk", {
    records: EXISTING.map((name, i) => ({ name, region: "north", code: `C00${i + 1}` })),
  });
  // Contacts name their customer by its code in the workbook: the relation is looked up by that field.
  await api.request("POST", "/api/meta/objects", { api_name: "contact", labels: label("联系人", "Contact") });
  await api.request("POST", "/api/meta/objects/contact/fields", {
    api_name: "name",
    type: "text",
    required: true,
    labels: label("姓名", "Name"),
  });
  await api.request("POST", "/api/meta/objects/contact/fields", {
    api_name: "customer",
    type: "relation",
    labels: label("所属客户", "Customer"),
    config: {
      relation: { target: "customer", inverse_name: "contacts", inverse_labels: label("联系人", "Contacts") },
    },
  });
  await api.request("PATCH", "/api/meta/objects/contact", { display_field: "name" });
  desktop = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  desktop.setDefaultTimeout(15_000);
  page = await desktop.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

async function contactWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("联系人");
  sheet.addRow(["姓名", "客户编号"]);
  sheet.addRow(["王芳", "C002"]);
  sheet.addRow(["李雷", "C001"]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function names(): Promise<string[]> {
  const list = await api.request<{ records: Array<{ name: string }> }>(
    "GET",
    "/api/records/customer?limit=100&sort=name",
  );
  return list.records.map((r) => r.name).sort();
}

/** The names the list's rows show, each row matched to one known name. */
async function listNames(target: Page): Promise<string[]> {
  const known = [...EXISTING, ...ROWS.map((r) => r[0]!)];
  const rows = await tableRows(target).allTextContents();
  return rows.map((text) => known.find((name) => text.includes(name)) ?? text).sort();
}

/**
 * Opens the field choice of a column and finds the money field's currency code among the targets (named as
 * the export heads that column), takes `shot`, and closes the choice again without changing it.
 */
async function currencyTargetShown(target: Page, letter: string, option: string, shot: string) {
  await target.getByTestId(`import-map-${letter}`).click();
  await target.keyboard.type(option);
  await target
    .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
    .getByText(option, { exact: true })
    .waitFor();
  await screenshot(target, shot);
  await target.keyboard.press("Escape");
}

/** Opens the wizard on a phone at `locale`, uploads the workbook and takes the mapping and result shots. */
async function phoneShots(locale: "zh-CN" | "en", importId: string) {
  const context = await newContext(browser, { viewport: PHONE, locale, baseURL: server.url });
  context.setDefaultTimeout(15_000);
  const small = await context.newPage();
  const tag = locale === "en" ? "en" : "zh";
  try {
    await login(small, ADMIN.email, ADMIN.password);
    await small.goto("/o/customer");
    await small.getByText("北京软件").waitFor();
    if (locale === "zh-CN") await screenshot(small, "import-list-390-zh");
    await small.getByTestId("import-open").click();
    await small.getByTestId("import-wizard").waitFor();
    await small.locator("input[type=file]").setInputFiles({
      name: "customers.xlsx",
      mimeType: XLSX,
      buffer: await workbook(),
    });
    await small.getByTestId("import-mapping").waitFor();
    await small
      .getByTestId("import-map-A")
      .getByText(locale === "en" ? "Name" : "客户名称")
      .waitFor();
    await screenshot(small, `import-mapping-390-${tag}`);
    await currencyTargetShown(
      small,
      "C",
      locale === "en" ? "Revenue (currency)" : "年收入（币种）",
      `import-currency-target-390-${tag}`,
    );
    await small.goto(`/o/customer/import?id=${importId}`);
    await small.getByTestId("import-completed").waitFor();
    await screenshot(small, `import-result-390-${tag}`);
  } finally {
    await context.close();
  }
}

describe("the import wizard", () => {
  let before: string[];
  let importId = "";

  step("opens from the list and refuses a file that is not a workbook, in Chinese", async () => {
    before = await names();
    expect(before).toEqual([...EXISTING].sort());
    await login(page, ADMIN.email, ADMIN.password);
    await page.goto("/o/customer");
    await page.getByText("北京软件").waitFor();
    await page.getByTestId("import-open").click();
    await page.waitForURL(/\/o\/customer\/import$/);
    await page.getByTestId("import-title").getByText("导入客户").waitFor();
    await page.locator("input[type=file]").setInputFiles({
      name: "客户.xlsx",
      mimeType: XLSX,
      buffer: Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\n"),
    });
    const error = page.getByTestId("import-upload-error");
    await error
      .getByText("无法导入这个文件：只能导入 .xlsx 工作簿或 .csv 文本文件", { exact: false })
      .waitFor();
    await screenshot(page, "import-1-upload-1280-zh");
  });

  step("uploads the workbook and pre-fills the mapping from the Chinese headers", async () => {
    await page.locator("input[type=file]").setInputFiles({
      name: "客户清单.xlsx",
      mimeType: XLSX,
      buffer: await workbook(),
    });
    await page.waitForURL(/\/o\/customer\/import\?id=/);
    importId = new URL(page.url()).searchParams.get("id") ?? "";
    await page.getByTestId("import-mapping").waitFor();
    await expect.poll(() => page.getByTestId("import-file-name").textContent()).toBe("客户清单.xlsx");
    // Each column shows the field it was matched to, from the Chinese header.
    const chosen = (letter: string, field: string) =>
      page.getByTestId(`import-map-${letter}`).getByText(field, { exact: true }).first().waitFor();
    await chosen("A", "客户名称（必填）");
    await chosen("B", "区域");
    await chosen("C", "年收入");
    await chosen("D", "签约日期");
    // Duplicates are skipped by the display field unless the user says otherwise.
    await expect
      .poll(() => page.getByTestId("import-duplicates").locator(".ant-radio-wrapper-checked").textContent())
      .toBe("跳过已存在的记录");
    await page.getByTestId("import-preview").getByText("深圳硬件").waitFor();
    await screenshot(page, "import-2-mapping-1280-zh");
    // A money field's currency code is a target of its own; looking at it changes nothing.
    await currencyTargetShown(page, "C", "年收入（币种）", "import-currency-target-1280-zh");
    await chosen("C", "年收入");
  });

  step("checks every row: the bad date reported with its row, column, value and reason", async () => {
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-count-failed").waitFor();
    const count = async (key: string) =>
      (await page.getByTestId(`import-count-${key}`).locator(".ant-statistic-content").textContent())?.trim();
    expect(await count("created")).toBe("2");
    expect(await count("updated")).toBe("0");
    expect(await count("skipped")).toBe("1");
    expect(await count("failed")).toBe("1");
    const issues = page.getByTestId("import-issues");
    await issues.getByText("下周二").waitFor();
    const cells = await issues.locator(".ant-table-tbody tr.ant-table-row td").allTextContents();
    expect(cells.slice(0, 3)).toEqual(["4", "签约日期", "下周二"]);
    expect(cells[3]).toContain("无法识别的日期");
    // Nothing is stored by the check.
    expect(await names()).toEqual(before);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("import-report-download").click(),
    ]);
    expect(download.suggestedFilename()).toBe("import-check.xlsx");
    await screenshot(page, "import-3-check-1280-zh");
  });

  step("imports with a progress bar that survives a reload, and shows the result", async () => {
    await page.getByTestId("import-run").click();
    await page.getByTestId("import-running").or(page.getByTestId("import-completed")).first().waitFor();
    await screenshot(page, "import-4-run-1280-zh");
    await page.reload();
    await page.getByTestId("import-completed").waitFor();
    expect(new URL(page.url()).searchParams.get("id")).toBe(importId);
    const count = async (key: string) =>
      (await page.getByTestId(`import-count-${key}`).locator(".ant-statistic-content").textContent())?.trim();
    expect(await count("created")).toBe("2");
    expect(await count("skipped")).toBe("1");
    expect(await count("failed")).toBe("1");
    // Undo is offered with its deadline (KEDUO_IMPORT_UNDO_DAYS, 30 days after the import finished).
    await expect.poll(() => page.getByTestId("import-undo-until").textContent()).toMatch(/^可在 .+ 前撤销$/);
    await screenshot(page, "import-5-result-1280-zh");
    expect(await names()).toEqual([...before, "杭州电子", "深圳硬件"].sort());
  });

  step("shows the imported records in the list", async () => {
    await page.getByTestId("import-view-list").last().click();
    await page.waitForURL(/\/o\/customer$/);
    await page.getByText("深圳硬件").waitFor();
    await expect.poll(() => tableRows(page).count()).toBe(4);
    expect(await listNames(page)).toEqual([...before, "杭州电子", "深圳硬件"].sort());
    await screenshot(page, "import-list-1280-zh");
  });

  step("has the mapping and the result at phone width, in zh-CN and en", async () => {
    await phoneShots("zh-CN", importId);
    await phoneShots("en", importId);
  });

  step("undoes the import after a confirmation and the list is as before", async () => {
    await page.goto(`/o/customer/import?id=${importId}`);
    await page.getByTestId("import-undo").click();
    await page.getByTestId("import-undo-confirm").click();
    await page.getByTestId("import-undone").waitFor();
    await screenshot(page, "import-6-undone-1280-zh");
    expect(await names()).toEqual(before);
    await page.getByTestId("import-view-list").click();
    await page.waitForURL(/\/o\/customer$/);
    await page.getByText("北京软件").waitFor();
    await expect.poll(() => tableRows(page).count()).toBe(before.length);
    expect(await listNames(page)).toEqual(before);
  });

  step("links related records by the field the user picks to look them up by", async () => {
    await page.goto("/o/contact/import");
    await page.locator("input[type=file]").setInputFiles({
      name: "联系人.xlsx",
      mimeType: XLSX,
      buffer: await contactWorkbook(),
    });
    await page.getByTestId("import-mapping").waitFor();
    await pickOption(page, page.getByTestId("import-map-B"), "所属客户");
    await pickOption(page, page.getByTestId("import-lookup-B"), "客户编号");
    await screenshot(page, "import-lookup-1280-zh");
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-count-failed").waitFor();
    expect(
      (
        await page.getByTestId("import-count-created").locator(".ant-statistic-content").textContent()
      )?.trim(),
    ).toBe("2");
    expect(
      (await page.getByTestId("import-count-failed").locator(".ant-statistic-content").textContent())?.trim(),
    ).toBe("0");
    await page.getByTestId("import-run").click();
    await page.getByTestId("import-completed").waitFor();
    const contacts = await api.request<{ records: Array<{ name: string; customer: string }> }>(
      "GET",
      "/api/records/contact?limit=10&sort=name",
    );
    const customers = await api.request<{ records: Array<{ id: string; name: string }> }>(
      "GET",
      "/api/records/customer?limit=10",
    );
    const nameOf = new Map(customers.records.map((c) => [c.id, c.name]));
    expect(
      contacts.records
        .map((c) => [c.name, nameOf.get(c.customer)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ).toEqual(
      [
        ["李雷", "北京软件"],
        ["王芳", "上海贸易"],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  });
});
