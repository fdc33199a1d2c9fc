import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { defineObject, label, REGION_FIELD } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login, pickOption, tableRows } from "./ui.ts";

// Export from the list page: filter the list in the UI, download it as CSV and as Excel through the toolbar's
// Export menu, and check the files hold exactly the filtered rows, in the list's order, with Chinese labels
// and formula text neutralised. Screenshots at 1280 and 390 px.

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;

const CUSTOMERS = [
  {
    name: "苏州精密机械",
    region: "east",
    revenue: { amount: "120000.50", currency: "CNY" },
    signed: "2026-03-05",
  },
  {
    name: '=HYPERLINK("http://evil.example","点我")',
    region: "east",
    revenue: { amount: "88.00", currency: "USD" },
    signed: "2025-12-31",
  },
  {
    name: '华东轴承, "总部"',
    region: "east",
    revenue: { amount: "560000.00", currency: "CNY" },
    signed: null,
  },
  {
    name: "广州物流",
    region: "south",
    revenue: { amount: "990000.00", currency: "CNY" },
    signed: "2026-01-02",
  },
  { name: "北京软件", region: "north", revenue: null, signed: "2026-02-03" },
];
// The east customers by revenue, highest first: the order the list is sorted in below.
const EAST = [CUSTOMERS[2]!, CUSTOMERS[0]!, CUSTOMERS[1]!];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  const api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await defineObject(api, "customer", label("客户", "Customer"), [
    { api_name: "name", type: "text", required: true, labels: label("客户名称", "Name") },
    REGION_FIELD,
    { api_name: "revenue", type: "currency", labels: label("年收入", "Revenue") },
    { api_name: "signed", type: "date", labels: label("签约日期", "Signed") },
  ]);
  await api.request("POST", "/api/records/customer/bulk", { records: CUSTOMERS });
  desktop = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  desktop.setDefaultTimeout(10_000);
  page = await desktop.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      rows.push([...row, field]);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  return rows;
}

async function exportAs(item: "export-csv" | "export-xlsx") {
  await page.getByTestId("export-toggle").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(item).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

const today = () =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Shanghai" }).format(new Date()).slice(0, 10);

describe("export the list the user is looking at", () => {
  step("filters and sorts the list in the UI", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.goto("/o/customer?sort=-revenue");
    await page.getByText("北京软件").waitFor();
    await page.getByTestId("filter-toggle").click();
    await page.getByTestId("filter-add").click();
    const condition = page.getByTestId("filter-condition").first();
    await pickOption(page, condition.locator(".ant-select").first(), "区域");
    await pickOption(page, condition.locator(".ant-select").nth(2), "华东");
    await page.getByTestId("filter-apply").click();
    await expect.poll(() => tableRows(page).count()).toBe(3);
  });

  step(
    "downloads a CSV of exactly the filtered rows, with Chinese labels and neutralised formulas",
    async () => {
      const file = await exportAs("export-csv");
      expect(file.name).toBe(`客户-${today()}.csv`);
      const text = file.bytes.toString("utf8");
      expect(text.startsWith("\uFEFF")).toBe(true);
      const rows = parseCsv(text.slice(1));
      // The list shows the owner by default, so the file has the owner's name too.
      expect(rows[0]).toEqual(["客户名称", "区域", "年收入", "年收入（币种）", "签约日期", "负责人"]);
      expect(rows.slice(1)).toEqual(
        EAST.map((c) => [
          c.name.startsWith("=") ? `'${c.name}` : c.name,
          "华东",
          c.revenue?.amount ?? "",
          c.revenue?.currency ?? "",
          c.signed ?? "",
          "Administrator",
        ]),
      );
      await page.getByText(`已导出 客户-${today()}.csv`).waitFor();
    },
  );

  step("downloads the same view as Excel with typed cells", async () => {
    const file = await exportAs("export-xlsx");
    expect(file.name).toBe(`客户-${today()}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = (r: number) => [1, 2, 3, 4, 5].map((c) => sheet.getRow(r).getCell(c).value ?? null);
    expect(values(1)).toEqual(["客户名称", "区域", "年收入", "年收入（币种）", "签约日期"]);
    expect([2, 3, 4].map(values)).toEqual(
      EAST.map((c) => [
        c.name,
        "华东",
        Number(c.revenue!.amount),
        c.revenue!.currency,
        c.signed ? new Date(`${c.signed}T00:00:00Z`) : null,
      ]),
    );
    expect(sheet.rowCount).toBe(4);
    // The formula text is a plain string cell: no spreadsheet evaluates it.
    expect(sheet.getCell("A4").type).toBe(ExcelJS.ValueType.String);
    await page.getByTestId("export-toggle").click();
    await page.getByTestId("export-csv").waitFor();
    await screenshot(page, "export-menu-1280-zh");
    await page.keyboard.press("Escape");
  });

  step("offers the export at phone width too", async () => {
    const phone = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
    const small = await phone.newPage();
    try {
      await login(small, ADMIN.email, ADMIN.password);
      await small.goto("/o/customer");
      await small.getByText("北京软件").waitFor();
      await small.getByTestId("export-toggle").click();
      await small.getByTestId("export-xlsx").waitFor();
      await screenshot(small, "export-menu-390-en");
      const [download] = await Promise.all([
        small.waitForEvent("download"),
        small.getByTestId("export-csv").click(),
      ]);
      expect(download.suggestedFilename()).toBe(`Customer-${today()}.csv`);
      const rows = parseCsv(
        readFileSync(await download.path())
          .toString("utf8")
          .slice(1),
      );
      expect(rows[0]).toEqual(["Name", "Region", "Revenue", "Revenue (currency)", "Signed", "Owner"]);
      expect(rows).toHaveLength(CUSTOMERS.length + 1);
    } finally {
      await phone.close();
    }
  });
});
