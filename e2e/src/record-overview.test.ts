import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, RESULTS_DIR, screenshot } from "./browser.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { ACTIVITIES, createAccount, createRep, defineCrm, REP } from "./overview-fixture.ts";
import { login, tableRows } from "./ui.ts";

// Issue 16 part 5, the page: the 360° view a rep opens before a call — KPI cards (money per currency), the
// related lists with counts and "view all", the timeline (activities, stage changes, field changes) paged with
// "load more", "log a call" in one step and "new task" with the record form; a rep with private sharing sees
// only their own related records. Screenshots at 1280 and 390 px in zh-CN and en.

let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ApiClient;
let account: string;
let repAccount: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await defineCrm(api);
  account = await createAccount(api);
  repAccount = await createRep(api);
  const context = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);
/** Waits as long as a locator does: the first answer of a freshly opened page may take a few seconds. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000 });
const kpi = (p: Page, key: string) => p.getByTestId(`kpi-${key}`).getByTestId("kpi-value");
const count = (p: Page, key: string) => p.getByTestId(`section-count-${key}`).first();
const entries = (p: Page) => p.getByTestId("timeline-entry");

describe("the record overview (客户360) in the browser", () => {
  step(
    "opens from the record page: KPIs per currency, section counts, the timeline (zh-CN, 1280)",
    async () => {
      await login(page, ADMIN.email, ADMIN.password);
      await page.goto(`/o/account/${account}`);
      await page.getByTestId("open-overview").click();
      await page.waitForURL(new RegExp(`/o/account/${account}/360$`));
      await poll(() => page.getByTestId("overview-title").textContent()).toBe("苏州精密机械");
      // Open pipeline: ¥120,000 (moved to proposal) and US$3,000 (the won deal is not open), never added.
      await expect
        .poll(() => kpi(page, "open_pipeline").getByTestId("kpi-money-CNY").textContent())
        .toBe("¥12万");
      expect(await kpi(page, "open_pipeline").getByTestId("kpi-money-USD").textContent()).toBe("US$3,000.00");
      expect(await kpi(page, "deals").textContent()).toBe("3");
      expect(await kpi(page, "last_contact").textContent()).toContain("昨天");
      expect(await kpi(page, "tier").textContent()).toBe("A 类");
      const counts = await Promise.all(
        ["contacts", "opportunities", "activities", "tasks"].map((key) => count(page, key).textContent()),
      );
      expect(counts).toEqual(["3", "3", String(ACTIVITIES), "2"]);
      await page.getByTestId("section-contacts").getByText("王强").waitFor();
      // The newest entries: the account's field change, then the stage move with the stage's label.
      expect(await entries(page).count()).toBe(20);
      expect(await entries(page).first().getByTestId("entry-fields").textContent()).toBe("等级");
      const stage = page
        .locator("[data-testid=timeline-entry][data-kind=stage]")
        .filter({ hasText: "数控主轴" });
      expect(await stage.first().getByTestId("entry-stage").textContent()).toBe("方案报价");
      await screenshot(page, "overview-1280-zh");
    },
  );

  step("logs a call in one step and sees it on top of the timeline", async () => {
    await page.getByTestId("quick-log").click();
    await page.getByTestId("log-title").fill("确认样品交期，下周二回访");
    await screenshot(page, "overview-log-call-1280-zh");
    await page.getByTestId("log-title").press("Enter");
    await page.getByText("已记录到动态").waitFor();
    await poll(() => entries(page).first().textContent()).toContain("确认样品交期，下周二回访");
    expect(await entries(page).first().textContent()).toContain("电话");
    await poll(() => count(page, "activities").textContent()).toBe(String(ACTIVITIES + 1));
    expect(await kpi(page, "last_contact").textContent()).toMatch(/现在|分钟/);
    const { records } = await api.request<{ records: Array<Record<string, unknown>> }>(
      "GET",
      `/api/records/activity?limit=1&sort=-created_at`,
    );
    expect(records[0]).toMatchObject({ subject: "确认样品交期，下周二回访", type: "call", account });
    expect(Date.now() - Date.parse(String(records[0]?.occurred_at))).toBeLessThan(120_000);
  });

  step("pages the timeline with “load more” to its end, every entry once", async () => {
    await page.getByTestId("timeline-more").click();
    // 26 activities, 4 stage entries (3 created in a stage, 1 move) and the account's field change.
    await poll(() => entries(page).count()).toBe(ACTIVITIES + 1 + 4 + 1);
    expect(await page.getByTestId("timeline-more").count()).toBe(0);
    const texts = await entries(page).allTextContents();
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.at(-1)).toContain("第1次");
  });

  step("creates a task with the record form, linked to the account", async () => {
    await page.getByTestId("quick-new-task").click();
    await page.locator("#record_subject").fill("回访后寄送报价单");
    await page.getByTestId("save-record").click();
    await poll(() => count(page, "tasks").textContent()).toBe("3");
    const { records } = await api.request<{ records: Array<Record<string, unknown>> }>(
      "GET",
      "/api/records/task?limit=1&sort=-created_at",
    );
    expect(records[0]).toMatchObject({ subject: "回访后寄送报价单", account });
  });

  step("“view all” opens the related list filtered to the account", async () => {
    await page.getByTestId("overview-sections").getByText("联系人").first().click();
    await page.getByTestId("section-all-contacts").click();
    await page.waitForURL(/\/o\/contact\?/);
    await poll(() => tableRows(page).count()).toBe(3);
  });

  step("the same page in English at 1280 and in zh-CN at 390", async () => {
    for (const [viewport, locale, name] of [
      [DESKTOP, "en", "overview-1280-en"],
      [PHONE, "zh-CN", "overview-390-zh"],
    ] as const) {
      const context = await newContext(browser, { viewport, locale, baseURL: server.url });
      context.setDefaultTimeout(10_000);
      const other = await context.newPage();
      try {
        await login(other, ADMIN.email, ADMIN.password);
        await other.goto(`/o/account/${account}/360`);
        await poll(() => count(other, "contacts").textContent()).toBe("3");
        await other.getByTestId("timeline-entry").first().waitFor();
        await screenshot(other, name);
        await other.screenshot({ path: `${RESULTS_DIR}/${name}-full.png`, fullPage: true });
      } catch (error) {
        await screenshot(other, `failure-${name}`).catch(() => {});
        throw error;
      } finally {
        await context.close();
      }
    }
  });

  step(
    "a rep with private sharing sees only their own related records, and logs a call on the phone",
    async () => {
      const context = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
      context.setDefaultTimeout(10_000);
      const phone = await context.newPage();
      try {
        await login(phone, REP.email, REP.password);
        await phone.goto(`/o/account/${repAccount}`);
        await phone.getByTestId("open-overview").waitFor();
        await screenshot(phone, "overview-record-page-390-en");
        // Related lists on the phone: each record a card with its name and the list's first columns.
        const deal = phone.getByTestId("related-opportunities").getByTestId("related-card");
        await poll(() => deal.count()).toBe(1);
        await poll(() => deal.getByTestId("related-card-amount").textContent()).toBe("AmountCN¥8,000.00");
        expect(await deal.getByTestId("related-card-stage").textContent()).toBe("StageQualify");
        const contact = phone.getByTestId("related-contacts").getByTestId("related-card");
        expect(await contact.textContent()).toContain("陈静");
        expect(await contact.getByTestId("related-card-phone").textContent()).toContain("13900000001");
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await deal.scrollIntoViewIfNeeded();
        await screenshot(phone, "record-related-cards-390-en");
        await phone.getByTestId("open-overview").click();
        await phone.waitForURL(new RegExp(`/o/account/${repAccount}/360$`));
        await poll(() => kpi(phone, "deals").textContent()).toBe("1");
        expect(await kpi(phone, "open_pipeline").textContent()).toBe("CN¥8,000.00");
        expect(await count(phone, "contacts").textContent()).toBe("1");
        expect(await count(phone, "opportunities").textContent()).toBe("1");
        expect(await phone.getByText("同事的联系人").count()).toBe(0);
        expect(await phone.getByText("同事的商机").count()).toBe(0);
        await screenshot(phone, "overview-390-en");
        await phone.getByTestId("quick-log").click();
        await phone.getByTestId("log-title").fill("Called about the steel order");
        await screenshot(phone, "overview-log-call-390-en");
        await phone.getByTestId("log-save").click();
        await expect
          .poll(() => entries(phone).first().textContent())
          .toContain("Called about the steel order");
        // The colleague's account is not theirs to open.
        await phone.goto(`/o/account/${account}/360`);
        await phone.getByText("404").or(phone.locator(".ant-result-404")).first().waitFor();
      } catch (error) {
        await screenshot(phone, "failure-overview-rep").catch(() => {});
        throw error;
      } finally {
        await context.close();
      }
    },
  );
});
