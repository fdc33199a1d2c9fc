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
import { defineObject, label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, startServer } from "./keduo-server.ts";
import { NotificationSeeder, POSTGRES_URL } from "./notifications-fixture.ts";
import { login } from "./ui.ts";

// Issue 17 part 6 in the browser: the header's bell with the unread count and the newest notifications, the
// inbox page (unread filter, mark read, mark all read), a click opening the record the notification is about;
// at 1280 px in zh-CN and 390 px in en. The notifications are rows in the database (see the fixture).

const REP = { email: "rep@keduo.e2e", password: "rep-password-1", name: "王芳" };
const seeder = new NotificationSeeder();
let world: TestWorld;
let page: Page;
let admin: ApiClient;
let repId: string;
let customerId: string;

beforeAll(async () => {
  const [server, browser] = await Promise.all([
    startServer({ env: { DATABASE_URL: POSTGRES_URL, KEDUO_SCHEMA_PREFIX: seeder.schemaPrefix } }),
    launchBrowser(),
  ]);
  admin = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  world = { server, browser, api: admin };
  await defineObject(admin, "customer", label("客户", "Customer"), [
    { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
  ]);
  await admin.request("PATCH", "/api/meta/objects/customer", { sharing_default: "public_read" });
  customerId = (
    await admin.request<{ id: string }>("POST", "/api/records/customer", { name: "苏州精密机械" })
  ).id;
  repId = (await admin.request<{ user: { id: string } }>("POST", "/api/users", { ...REP, roles: ["member"] }))
    .user.id;
  const adminId = (await admin.request<{ user: { id: string } }>("GET", "/api/auth/me")).user.id;
  await seeder.insert(repId, {
    title: label("投诉：苏州精密机械", "Complaint: 苏州精密机械"),
    body: label(
      "客户投诉交货延迟，请今天内联系客户。",
      "The customer complains of a late delivery; call them today.",
    ),
    link: { object: "customer", recordId: customerId },
    minutesAgo: 5,
  });
  await seeder.insert(repId, {
    title: label("合同 30 天后到期", "Contract ends in 30 days"),
    body: label(
      "年度框架协议将于 4 月 14 日到期，续约商机已创建。",
      "The annual agreement ends on 14 April; a renewal opportunity was created.",
    ),
    minutesAgo: 90,
  });
  await seeder.insert(repId, {
    title: label("新线索已分配给你", "A new lead was assigned to you"),
    body: label("华东区域规则：你的未结线索最少。", "Rule East: you had the fewest open leads."),
    minutesAgo: 60 * 26,
    read: true,
  });
  // Someone else's: never in the rep's bell or inbox.
  await seeder.insert(adminId, {
    title: label("仅管理员可见", "Admin only"),
    body: label("不应出现", "Must not show"),
    minutesAgo: 1,
  });
  page = await openPage(world);
}, 120_000);

afterAll(async () => {
  await stopWorld(world);
  await seeder.dispose();
});

const step = journey(() => page);
const badge = (p: Page) => p.getByTestId("notification-count").locator(".ant-badge-count");
const panelTitles = (p: Page) =>
  p.getByTestId("notification-panel").getByTestId("notification-title").allTextContents();
const inboxTitles = (p: Page) =>
  p.getByTestId("notifications-list").getByTestId("notification-title").allTextContents();

describe("notifications: the bell and the inbox", () => {
  step("the bell shows the rep's unread count and the newest ones in zh-CN (1280)", async () => {
    await login(page, REP.email, REP.password);
    await expect.poll(() => badge(page).textContent()).toBe("2");
    await page.getByTestId("notification-bell").click();
    await expect
      .poll(() => panelTitles(page))
      .toEqual(["投诉：苏州精密机械", "合同 30 天后到期", "新线索已分配给你"]);
    const items = page.getByTestId("notification-panel").getByTestId("notification-item");
    expect(await items.evaluateAll((rows) => rows.map((row) => row.getAttribute("data-unread")))).toEqual([
      "true",
      "true",
      "false",
    ]);
    await screenshot(page, "notifications-bell-1280-zh");
  });

  step("clicking one opens its record and marks it read", async () => {
    await page.getByTestId("notification-panel").getByTestId("notification-item").first().click();
    await page.waitForURL(new RegExp(`/o/customer/${customerId}$`));
    // The record page is loaded on first use: wait for it before reading it.
    await page.getByTestId("record-title").waitFor();
    await expect.poll(() => page.getByTestId("record-title").textContent()).toBe("苏州精密机械");
    await expect.poll(() => badge(page).textContent()).toBe("1");
  });

  step("the inbox lists them all, filters the unread, and marks all read", async () => {
    await page.getByTestId("notification-bell").click();
    // The panel the last step closed may still be leaving (its animation): click in the one that opened.
    await expect.poll(() => page.getByTestId("notification-panel").count()).toBe(1);
    await page.getByTestId("notification-panel-all").click();
    await page.waitForURL(/\/notifications$/);
    await page.getByTestId("notifications-list").waitFor();
    await expect
      .poll(() => inboxTitles(page))
      .toEqual(["投诉：苏州精密机械", "合同 30 天后到期", "新线索已分配给你"]);
    expect(await page.title()).toContain("通知");
    await page.getByTestId("notifications-filter").getByText("未读").click();
    await expect.poll(() => inboxTitles(page)).toEqual(["合同 30 天后到期"]);
    await screenshot(page, "notifications-inbox-1280-zh");
    await page.getByTestId("notifications-read-all").click();
    await expect.poll(() => inboxTitles(page)).toEqual([]);
    await expect.poll(() => badge(page).count()).toBe(0);
    expect(await page.getByTestId("notifications-list").textContent()).toContain("没有未读通知");
  });

  step("a new notification reaches the bell when the window regains focus", async () => {
    await seeder.insert(repId, {
      title: label("商机停滞 7 天", "Opportunity stalled for 7 days"),
      body: label(
        "“华东扩产项目”在“方案”阶段已停留 7 天。",
        "“East expansion” has been in Proposal for 7 days.",
      ),
      link: { object: "customer", recordId: customerId },
      minutesAgo: 0,
    });
    // What the browser sends when the user comes back to the tab: the bell asks at once, not at its next poll.
    await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange", { bubbles: true })));
    await expect.poll(() => badge(page).textContent()).toBe("1");
  });

  step("at phone width in English: the bell, the inbox, a tap to the record (390)", async () => {
    const options = { viewport: PHONE, locale: "en", user: REP, name: "notifications-390-en" };
    await withPage(world, options, async (phone) => {
      await expect.poll(() => badge(phone).textContent()).toBe("1");
      await phone.getByTestId("notification-bell").click();
      await expect.poll(async () => (await panelTitles(phone))[0]).toBe("Opportunity stalled for 7 days");
      await screenshot(phone, "notifications-bell-390-en");
      const panel = await phone.getByTestId("notification-panel").boundingBox();
      expect(panel && [panel.x >= 0, panel.x + panel.width <= PHONE.width], JSON.stringify(panel)).toEqual([
        true,
        true,
      ]);
      await phone.getByTestId("notification-panel-all").click();
      await phone.waitForURL(/\/notifications$/);
      await phone.getByTestId("notifications-list").waitFor();
      await expect
        .poll(() => inboxTitles(phone))
        .toEqual([
          "Opportunity stalled for 7 days",
          "Complaint: 苏州精密机械",
          "Contract ends in 30 days",
          "A new lead was assigned to you",
        ]);
      // Nothing wider than the screen.
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      await screenshot(phone, "notifications-inbox-390-en");
      await phone.getByTestId("notifications-list").getByTestId("notification-item").first().click();
      await phone.waitForURL(new RegExp(`/o/customer/${customerId}$`));
      await expect.poll(() => badge(phone).count()).toBe(0);
    });
  });
});
