import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { ACCOUNT, prepareRepDay, REP, type RepDay } from "./rep-day-fixture.ts";
import { login } from "./ui.ts";

// Issue 16 parts 4 and 6 in the browser, on the CRM template: a rep's day starts from the task inbox (overdue,
// today, upcoming, done today; one click to done with an undo; the linked record one tap away), and a lead
// converts in one step into account + contact (+ opportunity), attaching to the account that already exists;
// a conversion problem shows under its target. Screenshots at 1280 and 390 px in zh-CN and en.

let server: RunningServer;
let browser: Browser;
let page: Page;
let admin: ApiClient;
let rep: ApiClient;
let day: RepDay;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ template: "crm" }), launchBrowser()]);
  admin = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await admin.request("POST", "/api/users", { ...REP, roles: ["sales_rep"] });
  rep = await ApiClient.login(server.url, REP.email, REP.password);
  // The template's automations add tasks of their own (a new lead's first call…); this journey counts the day's.
  const { automations } = await admin.request<{ automations: Array<{ id: string }> }>(
    "GET",
    "/api/automations",
  );
  for (const { id } of automations)
    await admin.request("PATCH", `/api/automations/${id}`, { enabled: false });
  day = await prepareRepDay(admin, rep);
  const context = await newContext(browser, {
    timezoneId: "Asia/Shanghai",
    viewport: DESKTOP,
    locale: "zh-CN",
    baseURL: server.url,
  });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);
const rows = (p: Page, group: string) => p.getByTestId(`task-group-${group}`).getByTestId("task-row");
const subjects = (p: Page, group: string) => rows(p, group).getByTestId("task-subject").allTextContents();
const task = (id: string) => rep.request<Record<string, unknown>>("GET", `/api/records/task/${id}`);
const count = async (object: string) =>
  (await admin.request<{ records: unknown[] }>("GET", `/api/records/${object}?limit=200`)).records.length;

describe("a rep's day: the task inbox and converting a lead", () => {
  step("the rep starts on the task inbox: overdue, today, upcoming (zh-CN, 1280)", async () => {
    await login(page, REP.email, REP.password);
    await page.waitForURL(/\/tasks$/);
    await page.getByTestId("task-inbox-title").waitFor();
    await expect.poll(() => subjects(page, "overdue")).toEqual(["回电确认样品交期"]);
    expect(await subjects(page, "today")).toEqual(["拜访王强，演示样品"]);
    // Dated first, the undated one last; the admin's task is not the rep's.
    expect(await subjects(page, "upcoming")).toEqual(["准备报价单", "整理展会名片"]);
    const overdue = rows(page, "overdue").first();
    expect(await overdue.getByTestId("task-due").textContent()).toContain("逾期 2 天");
    expect(await overdue.getByTestId("task-priority").textContent()).toBe("高");
    expect(await overdue.getByTestId("task-linked").textContent()).toContain(`客户：${ACCOUNT}`);
    expect(await rows(page, "today").first().getByTestId("task-linked").textContent()).toContain(
      "线索：苏州精密机械",
    );
    expect(await page.getByTestId("nav-tasks").locator(".ant-badge-count").textContent()).toBe("2");
    await screenshot(page, "tasks-1280-zh");
  });

  step("one click marks a task done, kept after a reload; undo puts another back", async () => {
    await rows(page, "today").first().getByTestId("task-done").click();
    await expect.poll(() => rows(page, "today").count()).toBe(0);
    await page.getByTestId("task-done-toast").waitFor();
    await expect.poll(async () => (await task(day.tasks.today)).status).toBe("done");
    await expect.poll(() => page.getByTestId("task-count-done_today").textContent()).toBe("1");
    // Undo from the toast: the overdue task goes done, then back to open.
    await rows(page, "overdue").first().getByTestId("task-done").click();
    await expect.poll(async () => (await task(day.tasks.overdue)).status).toBe("done");
    await page
      .getByTestId("task-done-toast")
      .filter({ hasText: "回电确认样品交期" })
      .getByTestId("task-undo")
      .click();
    await expect.poll(async () => (await task(day.tasks.overdue)).status).toBe("open");
    await expect.poll(() => subjects(page, "overdue")).toEqual(["回电确认样品交期"]);
    await page.reload();
    await page.getByTestId("task-group-done_today").getByText("今天已完成").click();
    await expect.poll(() => subjects(page, "done_today")).toEqual(["拜访王强，演示样品"]);
    expect(await rows(page, "today").count()).toBe(0);
  });

  step("the linked record is one tap away", async () => {
    await rows(page, "overdue").first().getByTestId("task-linked").click();
    await page.waitForURL(new RegExp(`/o/account/${day.account}$`));
    await expect.poll(() => page.getByTestId("record-title").textContent()).toBe(ACCOUNT);
  });

  step(
    "converting the lead: the duplicate account is offered, a missing name shows under its target",
    async () => {
      await page.goto(`/o/lead/${day.lead}`);
      await page.getByTestId("convert-record").click();
      const account = page.getByTestId("convert-target-account");
      await account.getByTestId("convert-duplicates-account").waitFor();
      expect(await account.getByTestId("convert-duplicate-account").textContent()).toContain(ACCOUNT);
      // The starting values come from the lead; the opportunity is optional and starts included.
      expect(await page.locator("#convert-contact-name").inputValue()).toBe("王强");
      await page.locator("#convert-opportunity-name").fill("");
      await page.getByTestId("convert-submit").click();
      const error = page
        .getByTestId("convert-field-opportunity-name")
        .locator(".ant-form-item-explain-error");
      await error.waitFor();
      expect(await error.textContent()).toMatch(/[\u4e00-\u9fff]/);
      expect(
        await page.getByTestId("convert-field-account-name").locator(".ant-form-item-explain-error").count(),
      ).toBe(0);
      await screenshot(page, "convert-error-1280-zh");
      // Nothing was created by the refused conversion.
      expect(await count("contact")).toBe(0);
    },
  );

  step("attaching to the existing account converts in one click and opens the account", async () => {
    const before = await count("account");
    await page.getByTestId("convert-attach-account").click();
    await page.locator("#convert-opportunity-name").fill("苏州精密机械 · 数控主轴 200 套");
    await screenshot(page, "convert-1280-zh");
    await page.getByTestId("convert-submit").click();
    await page.waitForURL(new RegExp(`/o/account/${day.account}$`));
    await page.getByText("转化完成").waitFor();
    expect(await count("account")).toBe(before);
    const contacts = await admin.request<{ records: Array<Record<string, unknown>> }>(
      "GET",
      "/api/records/contact?limit=10",
    );
    expect(contacts.records.map((c) => [c.name, c.account])).toEqual([["王强", day.account]]);
    const lead = await rep.request<Record<string, unknown>>("GET", `/api/records/lead/${day.lead}`);
    expect(lead.status).toBe("converted");
    expect(lead.converted_account).toBe(day.account);
    // A converted lead offers no second conversion.
    await page.goto(`/o/lead/${day.lead}`);
    await page.getByTestId("record-title").waitFor();
    expect(await page.getByTestId("convert-record").count()).toBe(0);
  });

  step("English at 1280: the inbox and the conversion dialog", async () => {
    const context = await newContext(browser, {
      timezoneId: "Asia/Shanghai",
      viewport: DESKTOP,
      locale: "en",
      baseURL: server.url,
    });
    const en = await context.newPage();
    try {
      await login(en, REP.email, REP.password);
      await en.waitForURL(/\/tasks$/);
      await expect.poll(() => subjects(en, "overdue")).toEqual(["回电确认样品交期"]);
      expect(await en.getByTestId("task-group-title-overdue").textContent()).toContain("Overdue");
      await screenshot(en, "tasks-1280-en");
      await en.goto(`/o/lead/${day.secondLead}`);
      await en.getByTestId("convert-record").click();
      await en.locator("#convert-account-name").fill("");
      await en.getByTestId("convert-submit").click();
      const error = en.getByTestId("convert-field-account-name").locator(".ant-form-item-explain-error");
      await error.waitFor();
      expect(await error.textContent()).toMatch(/[a-z]/i);
      await screenshot(en, "convert-error-1280-en");
    } finally {
      await context.close();
    }
  });

  for (const locale of ["zh-CN", "en"] as const) {
    step(`at phone width (${locale}): the inbox, done in one tap, the conversion drawer`, async () => {
      const context = await newContext(browser, {
        timezoneId: "Asia/Shanghai",
        viewport: PHONE,
        locale,
        baseURL: server.url,
      });
      context.setDefaultTimeout(10_000);
      const phone = await context.newPage();
      const suffix = locale === "en" ? "en" : "zh";
      try {
        await login(phone, REP.email, REP.password);
        await phone.waitForURL(/\/tasks$/);
        await expect.poll(() => subjects(phone, "upcoming")).toEqual(["准备报价单", "整理展会名片"]);
        // Nothing sticks out sideways at 390 px.
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await screenshot(phone, `tasks-390-${suffix}`);
        if (locale === "en") {
          await rows(phone, "upcoming").last().getByTestId("task-done").click();
          await expect.poll(async () => (await task(day.tasks.undated)).status).toBe("done");
        }
        await phone.goto(`/o/lead/${day.secondLead}`);
        await phone.getByTestId("convert-record").click();
        await phone.locator(".ant-drawer [data-testid=convert-target-account]").waitFor();
        await screenshot(phone, `convert-390-${suffix}`);
      } catch (error) {
        await screenshot(phone, `failure-phone-${suffix}`).catch(() => {});
        throw error;
      } finally {
        await context.close();
      }
    });
  }
});
