import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { defineObject, label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login } from "./ui.ts";

// A sales team's workbook in the import wizard: amounts headed 年采购额(万元) (216.7 means 2,167,000, shown
// and changeable on the mapping screen) and a tier column with 'A类', 'b' and an unknown 'C类'. The check
// groups the problem by column and reason; "fix" opens the value mapping, where the admin adds C类 as a new
// option; the check passes and the import stores the right amounts and tiers. Screenshots at 1280 px (zh-CN)
// and of the mapping and value mapping at 390 px in zh-CN and en, and at 1280 px in en.

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let api: ApiClient;

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ROWS = [
  ["甲公司", "104万", "A"],
  ["乙公司", 216.7, "A类"],
  ["丙公司", 88, "C类"],
  ["丁公司", 50, "b"],
];

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("客户");
  sheet.addRow(["2026 客户清单"]);
  sheet.mergeCells("A1:C1");
  sheet.addRow(["客户名称", "年采购额(万元)", "客户级别"]);
  for (const row of ROWS) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await defineObject(api, "account", label("客户", "Account"), [
    { api_name: "name", type: "text", required: true, labels: label("客户名称", "Name") },
    { api_name: "purchases", type: "currency", labels: label("年采购额", "Annual purchases") },
    {
      api_name: "tier",
      type: "single_select",
      labels: label("客户级别", "Tier"),
      config: {
        options: [
          { value: "a", labels: label("A", "A") },
          { value: "b", labels: label("B", "B") },
          { value: "key", labels: label("重点", "Key account") },
        ],
      },
    },
  ]);
  await api.request("PATCH", "/api/meta/objects/account", { display_field: "name" });
  desktop = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  desktop.setDefaultTimeout(15_000);
  page = await desktop.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

async function uploadIn(target: Page) {
  await target.goto("/o/account/import");
  await target.locator("input[type=file]").setInputFiles({
    name: "客户清单.xlsx",
    mimeType: XLSX,
    buffer: await workbook(),
  });
  await target.getByTestId("import-mapping").waitFor();
}

const count = async (target: Page, key: string) =>
  (await target.getByTestId(`import-count-${key}`).locator(".ant-statistic-content").textContent())?.trim();

/** Uploads at a viewport and language, then shots of the mapping (unit shown) and of the value mapping. */
async function mappingShots(viewport: typeof PHONE, locale: "zh-CN" | "en", tag: string) {
  const context = await newContext(browser, { viewport, locale, baseURL: server.url });
  context.setDefaultTimeout(15_000);
  const other = await context.newPage();
  try {
    await login(other, ADMIN.email, ADMIN.password);
    await uploadIn(other);
    await other.getByTestId("import-unit-example-B").getByText("216.7 → 2,167,000").waitFor();
    await other.getByTestId("import-unit-B").scrollIntoViewIfNeeded();
    await screenshot(other, `import-units-${tag}`);
    await other.getByTestId("import-values-C").click();
    await other.getByTestId("import-values").getByText("C类").first().waitFor();
    await other
      .getByTestId("import-values")
      .getByText(locale === "en" ? "Auto: without 类/级/等" : "自动：去掉“类/级/等”")
      .waitFor();
    await screenshot(other, `import-value-mapping-${tag}`);
  } finally {
    await context.close();
  }
}

describe("the import wizard with units and a value mapping", () => {
  let importId = "";

  step("shows the header's unit with an example on the mapping screen", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await uploadIn(page);
    importId = new URL(page.url()).searchParams.get("id") ?? "";
    await page.getByTestId("import-unit-B").getByText("表头写明单位“万元”").waitFor();
    await page.getByTestId("import-unit-example-B").getByText("例：216.7 → 2,167,000").waitFor();
    await expect
      .poll(() => page.getByTestId("import-unit-select-B").locator(".ant-select-content").textContent())
      .toBe("万");
    await screenshot(page, "import-units-1280-zh");
  });

  step("groups the unknown tier by column and reason in the check, listing the allowed values", async () => {
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-count-failed").waitFor();
    expect(await count(page, "created")).toBe("3");
    expect(await count(page, "failed")).toBe("1");
    const groups = page.getByTestId("import-problem-groups");
    await groups.getByText("“C类”不是可选项（可选：A、B、重点）", { exact: false }).waitFor();
    await groups.getByText("客户级别").waitFor();
    await screenshot(page, "import-check-groups-1280-zh");
  });

  step("fix opens the value mapping, where the admin adds C类 as a new option", async () => {
    await page.getByTestId("import-fix-C-unknown_option").click();
    const values = page.getByTestId("import-values");
    await values.getByText("C类").waitFor();
    await values.getByText("自动：去掉“类/级/等”").waitFor();
    await values.getByText("未匹配").first().waitFor();
    await screenshot(page, "import-value-mapping-1280-zh");
    await page.getByTestId("import-value-add-C类").click();
    await page.getByText("已新增 1 个选项").waitFor();
    await values.getByText("恢复自动").waitFor();
    await screenshot(page, "import-value-mapping-added-1280-zh");
    await page.getByTestId("import-values-done").click();
    await page.getByTestId("import-values-C").getByText("值对应（已选 1 项）").waitFor();
  });

  step("checks again without problems and imports the right amounts and tiers", async () => {
    await page.getByTestId("import-check").click();
    await page.getByTestId("import-count-failed").waitFor();
    await expect.poll(() => count(page, "failed")).toBe("0");
    expect(await count(page, "created")).toBe("4");
    await page.getByTestId("import-run").getByText("导入 4 行").waitFor();
    await page.getByTestId("import-run").click();
    await page.getByTestId("import-completed").waitFor();
    await screenshot(page, "import-value-mapping-result-1280-zh");
    const list = await api.request<{
      records: Array<{ name: string; purchases: { amount: string }; tier: string }>;
    }>("GET", "/api/records/account?limit=10&fields=name,purchases,tier");
    const byName = Object.fromEntries(list.records.map((r) => [r.name, [r.purchases.amount, r.tier]]));
    expect(byName).toEqual({
      甲公司: ["1040000.00", "a"],
      乙公司: ["2167000.00", "a"],
      丙公司: ["880000.00", "c_lei"],
      丁公司: ["500000.00", "b"],
    });
    expect(importId).not.toBe("");
  });

  step(
    "has the unit and the value mapping at phone width in zh-CN and en, and at 1280 px in en",
    async () => {
      await mappingShots(PHONE, "zh-CN", "390-zh");
      await mappingShots(PHONE, "en", "390-en");
      await mappingShots(DESKTOP, "en", "1280-en");
    },
  );
});
