import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login } from "./ui.ts";

// Rich text in the web app: formatted with the editor's toolbar (mouse and keyboard), pasted content reduced
// to what the toolbar can make, stored sanitised by the server, shown formatted on the record page and as one
// line in the list, and hostile HTML never reaching the page's DOM.

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let api: ApiClient;
let hostileId: string;
// Any alert() means injected script ran.
const dialogs: string[] = [];

const labels = (zh: string, en: string) => ({ "zh-CN": zh, en });
const HOSTILE =
  '<p>安全文本 <a href="javascript:alert(3)">坏链接</a></p><img src=x onerror=alert(1)><script>alert(2)</script>' +
  '<p onclick="alert(4)" style="position:fixed">第二段</p>';

interface VisitRecord {
  id: string;
  title: string;
  summary: string | null;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await api.request("POST", "/api/meta/objects", {
    api_name: "visit",
    labels: labels("拜访记录", "Visit"),
    plural_labels: labels("拜访记录", "Visits"),
  });
  await api.request("POST", "/api/meta/objects/visit/fields", {
    api_name: "title",
    type: "text",
    required: true,
    labels: labels("主题", "Subject"),
  });
  await api.request("POST", "/api/meta/objects/visit/fields", {
    api_name: "summary",
    type: "rich_text",
    labels: labels("纪要", "Minutes"),
  });
  await api.request("PATCH", "/api/meta/objects/visit", { display_field: "title" });
  const hostile = await api.request<VisitRecord>("POST", "/api/records/visit", {
    title: "可疑内容",
    summary: HOSTILE,
  });
  hostileId = hostile.id;

  desktop = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  desktop.setDefaultTimeout(10_000);
  page = await desktop.newPage();
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await login(page, ADMIN.email, ADMIN.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const editor = (on: Page = page) => on.locator("#record_summary");
const view = (on: Page = page) => on.getByTestId("rich-text-view");

async function readRecord(id: string): Promise<VisitRecord> {
  return api.request<VisitRecord>("GET", `/api/records/visit/${id}`);
}

/** Pastes as a browser would: a paste event whose clipboard holds HTML and plain text. */
async function paste(html: string, text: string) {
  await editor().evaluate(
    (element, data) => {
      const transfer = new DataTransfer();
      transfer.setData("text/html", data.html);
      transfer.setData("text/plain", data.text);
      element.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }),
      );
    },
    { html, text },
  );
}

describe("rich text fields", () => {
  let createdId = "";

  it("formats text with the toolbar in a new record's form and shows it formatted after saving", async () => {
    await page.goto("/o/visit/new");
    await page.locator("#record_title").fill("华东轴承季度拜访");
    await editor().click();
    await page.keyboard.type("客户反馈：");
    await page.getByRole("button", { name: "加粗" }).click();
    await page.keyboard.type("价格偏高");
    await page.getByRole("button", { name: "加粗" }).click();
    expect(await page.getByRole("button", { name: "加粗" }).getAttribute("aria-pressed")).toBe("false");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "项目符号列表" }).click();
    expect(await page.getByRole("button", { name: "项目符号列表" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await page.keyboard.type("交期提前两周");
    await page.keyboard.press("Enter");
    await page.keyboard.type("下次拜访带样品");
    // What the user sees while editing is already the formatting that will be stored.
    expect(await editor().locator("b, strong").first().textContent()).toBe("价格偏高");
    expect(await editor().locator("ul > li").count()).toBe(2);
    await screenshot(page, "rich-text-form-1280-zh");

    await page.getByTestId("save-record").click();
    await page.waitForURL(/\/o\/visit\/[0-9a-f-]{36}$/);
    createdId = new URL(page.url()).pathname.split("/").pop()!;
    await view().locator("li").first().waitFor();
    expect(await view().locator("b, strong").first().textContent()).toBe("价格偏高");
    expect(await view().locator("ul > li").allTextContents()).toEqual(["交期提前两周", "下次拜访带样品"]);
    await screenshot(page, "rich-text-record-1280-zh");

    // The API holds the sanitised HTML of exactly that.
    const stored = await readRecord(createdId);
    expect(stored.summary).toMatch(/<(b|strong)>价格偏高<\/(b|strong)>/);
    expect(stored.summary).toContain("<li>交期提前两周</li>");
    expect(stored.summary).toContain("<li>下次拜访带样品</li>");
    expect(stored.summary).not.toMatch(/style=|<span|<div/);
  });

  it("shows rich text as one line of plain text in the list", async () => {
    await page.goto("/o/visit");
    const cell = page.locator(".ant-table-tbody tr").filter({ hasText: "华东轴承季度拜访" });
    await cell.getByText("客户反馈：价格偏高 交期提前两周 下次拜访带样品").waitFor();
    expect(await cell.locator("li, b, strong").count()).toBe(0);
  });

  it("works from the keyboard: toolbar by Alt+F10 and arrow keys, links by Ctrl+K", async () => {
    await page.goto(`/o/visit/${createdId}/edit`);
    await editor().locator("li").first().waitFor();
    await editor().click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await page.keyboard.type("详见官网");
    await page.keyboard.press("Shift+Home");
    // Alt+F10 reaches the toolbar's current button (bold); → moves to italic; Enter applies it.
    await page.keyboard.press("Alt+F10");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("加粗");
    await page.keyboard.press("ArrowRight");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("斜体");
    await page.keyboard.press("Enter");
    expect(await editor().locator("i, em").first().textContent()).toBe("详见官网");
    // Focus went back to the text with its selection; Ctrl+K links it.
    await page.keyboard.press("Control+K");
    await page.getByTestId("rich-text-link-url").fill("keduo.example.com/docs");
    await page.keyboard.press("Enter");
    const link = editor().locator("a");
    await link.waitFor();
    expect(await link.getAttribute("href")).toBe("https://keduo.example.com/docs");
    expect(await link.textContent()).toBe("详见官网");
    // A javascript: address is refused.
    await page.keyboard.press("Control+K");
    await page.getByTestId("rich-text-link-url").fill("javascript:alert(5)");
    await page.keyboard.press("Enter");
    await page.getByText("请输入以 http://、https://、mailto: 或 tel: 开头的地址").waitFor();
    await page.keyboard.press("Escape");
    expect(await link.getAttribute("href")).toBe("https://keduo.example.com/docs");

    await page.getByTestId("save-record").click();
    await page.waitForURL(/\/o\/visit\/[0-9a-f-]{36}$/);
    const shown = view().locator("a");
    await shown.waitFor();
    expect(await shown.getAttribute("href")).toBe("https://keduo.example.com/docs");
    expect(await shown.getAttribute("target")).toBe("_blank");
    expect(await shown.getAttribute("rel")).toBe("noopener noreferrer");
    expect((await readRecord(createdId)).summary).toContain('href="https://keduo.example.com/docs"');
  });

  it("reduces pasted content to the toolbar's formatting, dropping scripts, handlers and styles", async () => {
    await page.goto(`/o/visit/${createdId}/edit`);
    await editor().locator("li").first().waitFor();
    await editor().click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await paste(
      '<meta charset="utf-8"><h1 style="color:red;font-size:40px">报价要点</h1>' +
        '<b style="font-weight:normal" id="docs-internal-guid-1"><span style="font-weight:700">加粗来自文档</span>' +
        '<span style="font-size:30px">普通</span></b><img src=x onerror="alert(6)">' +
        '<script>alert(7)</script><a href="javascript:alert(8)" onclick="alert(9)">假链接</a>' +
        "<table><tr><td>单元格</td></tr></table>",
      "报价要点",
    );
    const html = await editor().innerHTML();
    expect(html).toContain("<p>报价要点</p>");
    expect(html).toContain("<strong>加粗来自文档</strong>");
    expect(html).toContain("单元格");
    expect(html).not.toMatch(/<(h1|img|script|span|table|td|meta)\b|style=|onerror|onclick|javascript:/i);
    // The refused link stays as its text, not as something that looks clickable.
    expect(
      await editor()
        .getByText("假链接")
        .evaluate((node) => node.closest("a")),
    ).toBeNull();

    await page.getByTestId("save-record").click();
    await page.waitForURL(/\/o\/visit\/[0-9a-f-]{36}$/);
    await view().getByText("加粗来自文档").waitFor();
    const stored = (await readRecord(createdId)).summary ?? "";
    expect(stored).toContain("<strong>加粗来自文档</strong>");
    expect(stored).not.toMatch(/<(h1|img|script|span|table)\b|style=|onerror|javascript:/i);
    expect(dialogs).toEqual([]);
  });

  it("never puts script, event handlers or javascript: links of stored HTML into the page", async () => {
    const stored = (await readRecord(hostileId)).summary ?? "";
    // The server sanitised the write …
    expect(stored).toContain("安全文本");
    expect(stored).not.toMatch(/<script|onerror|onclick|javascript:/i);
    // … and the page shows the text without any of it.
    await page.goto(`/o/visit/${hostileId}`);
    await view().getByText("第二段").waitFor();
    expect(await page.locator("script:not([src]):not([type])").count()).toBe(0);
    const danger = await page.evaluate(() => {
      const all = Array.from(document.querySelectorAll("*"));
      return {
        handlers: all.filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith("on"))).length,
        javascriptLinks: document.querySelectorAll('[href^="javascript" i], [src^="javascript" i]').length,
        imagesInView: document.querySelectorAll("[data-testid=rich-text-view] img").length,
        styledInView: document.querySelectorAll("[data-testid=rich-text-view] [style]").length,
      };
    });
    expect(danger).toEqual({ handlers: 0, javascriptLinks: 0, imagesInView: 1, styledInView: 0 });
    // The broken image is kept as an image (the server allows it) but without its handler.
    expect(await view().locator("img").getAttribute("onerror")).toBeNull();
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
  });

  it("edits rich text in place on the record page", async () => {
    await page.goto(`/o/visit/${createdId}`);
    await view().locator("li").first().waitFor();
    await page.getByTestId("inline-edit-summary").click();
    const inline = page.locator(".ant-descriptions").getByTestId("rich-text-editor");
    await inline.locator("li").first().waitFor();
    await inline.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "下划线" }).click();
    await page.keyboard.type("现场确认");
    await page.getByTestId("inline-save-summary").click();
    await view().locator("u").getByText("现场确认").waitFor();
    expect((await readRecord(createdId)).summary).toContain("<u>现场确认</u>");
  });

  it("looks right at 1280 and 390 px in zh-CN and en", async () => {
    await page.goto(`/o/visit/${createdId}/edit`);
    await editor().locator("li").first().waitFor();
    await editor().click();
    await screenshot(page, "rich-text-edit-1280-zh");

    await api.request("PATCH", "/api/auth/me", { locale: "en" });
    await page.goto(`/o/visit/${createdId}`);
    await view().locator("li").first().waitFor();
    await page.getByText("Minutes").first().waitFor();
    await screenshot(page, "rich-text-record-1280-en");
    await page.goto(`/o/visit/${createdId}/edit`);
    await page.getByRole("toolbar", { name: "Formatting" }).waitFor();
    await page.getByRole("button", { name: "Bulleted list" }).waitFor();
    await editor().click();
    await page.getByRole("button", { name: "Link" }).hover();
    await page.getByRole("tooltip").getByText("Link").waitFor();
    await screenshot(page, "rich-text-edit-1280-en");

    const phoneContext = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
    phoneContext.setDefaultTimeout(10_000);
    const phone = await phoneContext.newPage();
    await login(phone, ADMIN.email, ADMIN.password);
    for (const language of ["en", "zh"] as const) {
      if (language === "zh") await api.request("PATCH", "/api/auth/me", { locale: "zh-CN" });
      await phone.goto(`/o/visit/${createdId}/edit`);
      await editor(phone).locator("li").first().waitFor();
      const toolbar = phone.getByRole("toolbar");
      const [box, width] = await Promise.all([
        toolbar.boundingBox(),
        phone.evaluate(() => document.documentElement.clientWidth),
      ]);
      // Everything fits the phone: no sideways scrolling, the whole toolbar on screen.
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      await editor(phone).tap();
      await screenshot(phone, `rich-text-edit-390-${language}`);
      await phone.goto(`/o/visit/${createdId}`);
      await view(phone).locator("li").first().waitFor();
      await screenshot(phone, `rich-text-record-390-${language}`);
    }
    await phoneContext.close();
  });
});
