import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import {
  launchBrowser,
  openPage,
  PHONE,
  screenshot,
  stopWorld,
  type TestWorld,
  withPage,
} from "./browser.ts";
import { journey } from "./journey.ts";
import { ADMIN, startServer } from "./keduo-server.ts";
import { login, pickOption } from "./ui.ts";

// Issue 17 point 9 in the browser, on the CRM template: an admin builds "complaint → notify the service team and
// the account owner" without code (trigger card, a condition picked from the formula autocomplete and checked
// as typed, a notify card with a role and the owner of the related account, a field placeholder inserted from
// the picker), a refused save shows the server's problem under its input and keeps the form; the automation is
// in the list; a complaint ticket runs it, the run log says it succeeded, and the service engineer (390 px, en)
// and the account's rep (390 px, zh-CN) find the notification in their inbox.

const SERVICE = { email: "li.na@keduo.e2e", password: "service-pass-1", name: "李娜" };
const REP = { email: "wang.fang@keduo.e2e", password: "rep-password-1", name: "王芳" };
const NAME = "投诉 → 通知客服和客户负责人";
const SUBJECT = "主轴交货延迟三周";

let world: TestWorld;
let page: Page;
let automationId = "";
let ticketId = "";

beforeAll(async () => {
  const [server, browser] = await Promise.all([startServer({ template: "crm" }), launchBrowser()]);
  const admin = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  world = { server, browser, api: admin };
  await admin.request("POST", "/api/users", { ...SERVICE, roles: ["service"] });
  await admin.request("POST", "/api/users", { ...REP, roles: ["sales_rep"] });
  page = await openPage(world);
}, 120_000);
afterAll(() => stopWorld(world));

const step = journey(() => page);
const condition = () => page.getByTestId("automation-condition");
const runCard = (p: Page) => p.getByTestId("run-card").first();

/** The account the ticket is about, owned by the rep (who created it). */
async function repAccount(): Promise<string> {
  const rep = await ApiClient.login(world.server.url, REP.email, REP.password);
  return (await rep.request<{ id: string }>("POST", "/api/records/account", { name: "苏州精密机械有限公司" }))
    .id;
}

/** The complaint ticket as record pickers show it (tickets are named by their number). */
const ticketNumber = () =>
  world.api
    .request<{ ticket_number: string }>("GET", `/api/records/ticket/${ticketId}`)
    .then((r) => r.ticket_number);

describe("automations: an admin builds complaint → notify, and it runs", () => {
  step("the list shows the template's automations; the admin switches its complaint one off", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.getByTestId("nav-menu").getByRole("link", { name: "自动化" }).click();
    await page.waitForURL(/\/admin\/automations$/);
    const row = page.getByTestId("automation-row-renewal_30_days");
    await expect.poll(() => row.textContent()).toContain("结束日期前 30 天");
    expect(await row.textContent()).toContain("合同");
    // The template already notifies on complaints: off, so the one built here is the only one.
    await page.getByTestId("automation-switch-complaint_alert").click();
    await page.getByText("已停用“投诉工单通知客服与客户负责人”").waitFor();
    const { automations } = await world.api.request<{
      automations: Array<{ api_name: string; enabled: boolean }>;
    }>("GET", "/api/automations?object=ticket");
    expect(automations.find((a) => a.api_name === "complaint_alert")?.enabled).toBe(false);
  });

  step("builds the automation: trigger, a condition from the autocomplete, a notify card", async () => {
    await page.getByTestId("automation-new").click();
    await page.waitForURL(/\/admin\/automations\/new$/);
    await page.getByTestId("automation-name-zh").fill(NAME);
    await page.getByTestId("automation-name-en").fill("Complaint to service and owner");
    await pickOption(page, page.getByTestId("automation-object"), "服务工单");
    expect(await page.getByTestId("trigger-record_created").locator("input").isChecked()).toBe(true);
    // 类 (of 类型) finds the field `type` without knowing its API name.
    await condition().fill("类");
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "类型" })
      .first()
      .click();
    await expect.poll(() => condition().inputValue()).toBe("type");
    await condition().press("End");
    await condition().pressSequentially(' = "complaint"');
    await page.getByTestId("automation-condition-verdict").getByText("公式正确").waitFor();

    await pickOption(page, page.getByTestId("action-0-recipient-0-kind"), "某角色的所有成员");
    await pickOption(page, page.getByTestId("action-0-recipient-0-role"), "服务工程师");
    await page.getByTestId("action-0-add-recipient").click();
    await pickOption(page, page.getByTestId("action-0-recipient-1-kind"), "关联记录的负责人");
    await pickOption(page, page.getByTestId("action-0-recipient-1-field"), "客户");
    await page.getByTestId("action-0-title-zh-CN").fill("新投诉：");
    // The picker inserts at the cursor and stays empty (so pickOption, which waits for a choice to show, does not fit).
    await page.getByTestId("action-0-title-insert").click();
    await page.keyboard.type("主题");
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "主题" })
      .first()
      .click();
    await expect
      .poll(() => page.getByTestId("action-0-title-zh-CN").inputValue())
      .toBe("新投诉：{{subject}}");
    await page.getByTestId("action-0-title-en").fill("New complaint: {{subject}}");
  });

  step("a refused save says what is missing next to it and at the top, and keeps the form", async () => {
    await page.getByTestId("automation-save").click();
    const summary = page.getByTestId("automation-problems");
    await summary.waitFor();
    expect(await summary.textContent()).toContain("第 1 步（发送通知） · 内容：此项为必填项");
    const body = page.locator(".ant-form-item").filter({ has: page.getByTestId("action-0-body") });
    await body.locator(".ant-form-item-explain-error").waitFor();
    expect(page.url()).toMatch(/\/admin\/automations\/new$/);
    expect(await page.getByTestId("automation-name-zh").inputValue()).toBe(NAME);
    expect(await condition().inputValue()).toBe('type = "complaint"');
    await screenshot(page, "automation-problems-1280-zh");
  });

  step("saves, and the automation is in the list, described in words", async () => {
    await page
      .getByTestId("action-0-body-zh-CN")
      .fill("客户 {{account}} 投诉：{{subject}}。请今天内联系客户。");
    await page.getByTestId("action-0-body-en").fill("{{account}} complains: {{subject}}. Call them today.");
    await page.getByTestId("automation-save").click();
    await page.getByText("自动化已创建").waitFor();
    await page.waitForURL(/\/admin\/automations\/[0-9a-f-]{36}$/);
    automationId = page.url().split("/").pop() ?? "";
    await page.getByTestId("automation-title").getByText(NAME).waitFor();
    await screenshot(page, "automation-editor-1280-zh");
    await page.getByTestId("nav-menu").getByRole("link", { name: "自动化" }).click();
    const row = page.getByTestId("automation-row-complaint_to_service_and_owner");
    await row.waitFor();
    expect(await row.textContent()).toContain(NAME);
    expect(await row.textContent()).toContain("新建时");
    expect(await row.textContent()).toContain("发送通知");
    await screenshot(page, "automations-list-1280-zh");
  });

  step("a complaint ticket runs it: the run log says succeeded, with whom it notified", async () => {
    const account = await repAccount();
    ticketId = (
      await world.api.request<{ id: string }>("POST", "/api/records/ticket", {
        subject: SUBJECT,
        type: "complaint",
        account,
      })
    ).id;
    await page.goto(`/admin/automations/${automationId}?tab=runs`);
    await runCard(page).waitFor();
    await expect
      .poll(
        async () => {
          await page.getByTestId("run-log-refresh").click();
          return runCard(page).getAttribute("data-status");
        },
        { timeout: 20_000 },
      )
      .toBe("succeeded");
    const detail = await runCard(page).getByTestId("run-step").textContent();
    expect(detail).toContain(SERVICE.name);
    expect(detail).toContain(REP.name);
    // The step's detail in the reader's language, not the server's English words.
    expect(detail).toContain("已通知 2 人：");
    expect(detail).not.toContain("notified");
    expect(await runCard(page).getByTestId("run-record").getAttribute("href")).toBe(`/o/ticket/${ticketId}`);
    await screenshot(page, "automation-runs-1280-zh");
  });

  step("previews the template's renewal reminder: the contracts it would remind of, by day", async () => {
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const account = await repAccount();
    const contract = (name: string, ends: number) =>
      world.api.request<{ id: string; contract_number: string }>("POST", "/api/records/contract", {
        name,
        account,
        status: "active",
        amount: 120000,
        end_date: day(ends),
      });
    // Reminded 30 days before the end: in 15 days, and in 70 (only a 90-day preview sees that one).
    const soon = await contract("数控系统维保合同", 45);
    const later = await contract("主轴备件年度合同", 100);
    const { automations } = await world.api.request<{ automations: Array<{ id: string; api_name: string }> }>(
      "GET",
      "/api/automations?object=contract",
    );
    const renewal = automations.find((a) => a.api_name === "renewal_30_days")?.id ?? "";
    await page.goto(`/admin/automations/${renewal}`);
    // A definition with a problem: the preview is refused and the form says where, as a refused save does.
    await condition().fill("status = ");
    await page.getByTestId("automation-preview").click();
    await page.getByTestId("automation-problems").getByText("条件").waitFor();
    expect(await page.getByTestId("preview-drawer").isVisible()).toBe(false);
    await condition().fill('status = "active"');
    await page.getByTestId("automation-preview").click();
    await page.getByTestId("automation-problems").waitFor({ state: "detached" });
    const drawer = page.getByTestId("preview-drawer");
    const hits = drawer.getByTestId("preview-hit");
    await drawer.getByTestId("preview-result").waitFor();
    await hits.filter({ hasText: soon.contract_number }).waitFor();
    expect(await hits.filter({ hasText: soon.contract_number }).getAttribute("href")).toBe(
      `/o/contract/${soon.id}`,
    );
    expect(await hits.filter({ hasText: later.contract_number }).count()).toBe(0);
    expect(await drawer.getByTestId("preview-actions").textContent()).toContain(
      "第 1 步 · 发送通知：合同 30 天后到期：{{name}}",
    );
    await drawer.getByTestId("preview-days-90").click();
    await hits.filter({ hasText: later.contract_number }).waitFor();
    expect(await hits.filter({ hasText: soon.contract_number }).count()).toBe(1);
    await screenshot(page, "automation-preview-1280-zh");
    await drawer.getByTestId("preview-days-7").click();
    await drawer.getByTestId("preview-empty").getByText("接下来 7 天没有记录会触发").waitFor();
    await screenshot(page, "automation-preview-empty-1280-zh");
    await drawer.locator(".ant-drawer-close").click();
  });

  step("tests it against the complaint ticket: a dry run, notify done, nothing sent", async () => {
    const rep = await ApiClient.login(world.server.url, REP.email, REP.password);
    const unread = () =>
      rep.request<{ count: number }>("GET", "/api/notifications/unread-count").then((r) => r.count);
    const before = await unread();
    await page.goto(`/admin/automations/${automationId}`);
    await page.getByTestId("automation-form").waitFor();
    // A record trigger has nothing to preview ahead: only the test is offered.
    expect(await page.getByTestId("automation-preview").count()).toBe(0);
    await page.getByTestId("automation-test").click();
    const drawer = page.getByTestId("test-drawer");
    await pickOption(page, drawer.getByTestId("test-record").locator("input"), await ticketNumber());
    await drawer.getByTestId("test-run").click();
    await drawer.getByTestId("test-result").waitFor();
    expect(await drawer.getByTestId("test-dry-run").textContent()).toContain(
      "试运行，未保存也未发送任何内容",
    );
    expect(await drawer.getByTestId("test-condition").getAttribute("data-result")).toBe("true");
    const notify = drawer.getByTestId("run-step").first();
    expect(await notify.getAttribute("data-outcome")).toBe("done");
    expect(await notify.textContent()).toContain("发送通知");
    expect(await notify.textContent()).toContain(REP.name);
    await screenshot(page, "automation-test-1280-zh");
    // Rolled back: the rep got nothing new.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await unread()).toBe(before);
    await drawer.locator(".ant-drawer-close").click();
  });

  step("the service engineer sees the notification on the phone, in English", async () => {
    await withPage(
      world,
      { user: SERVICE, viewport: PHONE, locale: "en", name: "automation-service-390-en" },
      async (phone) => {
        await phone.goto("/notifications");
        await phone.getByTestId("notifications-list").getByText(`New complaint: ${SUBJECT}`).waitFor();
        // The ticket's runs tab, in English: what the notify step did, in English words.
        await phone.goto(`/o/ticket/${ticketId}`);
        await phone.getByTestId("automation-runs-record-tab").click();
        const notified = runCard(phone).getByTestId("run-step").first();
        await notified.getByText(/^Notified 2 people: /).waitFor();
        expect(await notified.textContent()).toContain(SERVICE.name);
        await screenshot(phone, "automation-record-runs-390-en");
      },
    );
  });

  step("the account's rep sees it too, and the ticket's automation runs (390, zh-CN)", async () => {
    await withPage(
      world,
      { user: REP, viewport: PHONE, locale: "zh-CN", name: "automation-rep-390-zh" },
      async (phone) => {
        await phone.goto("/notifications");
        await phone.getByTestId("notifications-list").getByText(`新投诉：${SUBJECT}`).waitFor();
        await phone.goto(`/o/ticket/${ticketId}`);
        await phone.getByTestId("automation-runs-record-tab").click();
        await expect.poll(() => runCard(phone).getAttribute("data-status")).toBe("succeeded");
        await runCard(phone)
          .getByText(/^已通知 2 人：/)
          .waitFor();
        await screenshot(phone, "automation-record-runs-390-zh");
      },
    );
  });

  step("list and editor at phone width in English", async () => {
    await withPage(
      world,
      { user: ADMIN, viewport: PHONE, locale: "en", name: "automations-390-en" },
      async (phone) => {
        await phone.goto("/admin/automations?object=ticket");
        await phone.getByTestId("automation-cards").getByText("Ticket · When created").first().waitFor();
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          PHONE.width,
        );
        await screenshot(phone, "automations-list-390-en");
        await phone.getByTestId("automation-row-complaint_to_service_and_owner").click();
        await phone.getByTestId("automation-form").waitFor();
        await phone.getByTestId("automation-condition-verdict").getByText("Formula is valid").waitFor();
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          PHONE.width,
        );
        await screenshot(phone, "automation-editor-390-en");
        // Under the sticky header: the card's own header stays in the picture.
        await phone.getByTestId("action-card-0").evaluate((card) => {
          card.scrollIntoView();
          window.scrollBy(0, -72);
        });
        await screenshot(phone, "automation-editor-actions-390-en");
      },
    );
  });

  step("preview and test at phone width in English", async () => {
    await withPage(
      world,
      { user: ADMIN, viewport: PHONE, locale: "en", name: "automation-trials-390-en" },
      async (phone) => {
        await phone.goto("/admin/automations?object=contract");
        await phone.getByTestId("automation-row-renewal_30_days").click();
        await phone.getByTestId("automation-preview").click();
        const preview = phone.getByTestId("preview-drawer");
        await preview.getByTestId("preview-hit").first().waitFor();
        expect(await preview.getByTestId("preview-actions").textContent()).toContain("Step 1 · Notify");
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          PHONE.width,
        );
        await screenshot(phone, "automation-preview-390-en");
        await phone.goto(`/admin/automations/${automationId}`);
        await phone.getByTestId("automation-test").click();
        const test = phone.getByTestId("test-drawer");
        await pickOption(phone, test.getByTestId("test-record").locator("input"), await ticketNumber());
        await test.getByTestId("test-run").click();
        await test.getByTestId("test-result").waitFor();
        expect(await test.getByTestId("test-dry-run").textContent()).toContain(
          "A dry run: nothing was saved or sent",
        );
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          PHONE.width,
        );
        await screenshot(phone, "automation-test-390-en");
      },
    );
  });
});
