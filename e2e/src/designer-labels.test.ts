import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, screenshot } from "./browser.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login, pickOption } from "./ui.ts";

// Issue 15, part 4: a sales admin builds an object typing only Chinese labels — no English names, no API
// names; the server makes the API names from the labels (pinyin).

let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ApiClient;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  const context = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

async function addField(label: string, type: string | null) {
  await page.getByTestId("add-field").click();
  const drawer = page.locator("#field_type");
  await drawer.waitFor();
  if (type) await pickOption(page, "#field_type", type);
  await page.getByTestId("field-label-zh").fill(label);
  await page.getByTestId("field-submit").click();
  await drawer.waitFor({ state: "detached" });
  await page.locator(".ant-table-tbody").getByText(label, { exact: true }).first().waitFor();
}

describe("a designer without developer work", () => {
  step("creates an object and five fields typing only Chinese labels", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.goto("/admin/objects");
    await page.getByTestId("new-object").click();
    await page.getByTestId("object-label-zh").fill("客户");
    await screenshot(page, "designer-label-only-1280-zh");
    await page.getByTestId("object-submit").click();
    await page.waitForURL(/\/admin\/objects\/ke_hu$/);
    await addField("名称", null);
    await addField("年营收", "金额");
    await addField("联系电话", "电话");
    await addField("签约日期", "日期");
    await addField("员工数", "数字");
    const { fields } = await api.request<{
      fields: Array<{ api_name: string; labels: Record<string, string> }>;
    }>("GET", "/api/meta/objects/ke_hu");
    expect(fields.map((f) => f.api_name)).toEqual([
      "ming_cheng",
      "nian_ying_shou",
      "lian_xi_dian_hua",
      "qian_yue_ri_qi",
      "yuan_gong_shu",
    ]);
    // English falls back to the Chinese label until someone translates it.
    expect(fields[1]!.labels).toEqual({ "zh-CN": "年营收", en: "年营收" });
    await screenshot(page, "designer-generated-names-1280-zh");
  });
});
