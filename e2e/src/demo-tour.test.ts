import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { journey } from "./journey.ts";
import { type RunningServer, startServer } from "./keduo-server.ts";
import { login } from "./ui.ts";

// `keduo start --demo` as a new user runs it: the CRM template and a (small) demo company, then a sales rep's
// day through it — the task inbox as the start page, accounts, the opportunity board and an account's 360 —
// at 1280 px in zh-CN and at phone width in English. Screenshots of each.

const PASSWORD = "keduo-demo-2026";
let server: RunningServer;
let browser: Browser;
let page: Page;
let rep: { email: string };
let accountId: string;

/** A sign-in the demo printed for a role (`sales_rep`, `sales_manager` …). */
function printedLogin(output: string, role: string): { email: string } {
  const line = output.split("\n").find((l) => l.startsWith(`${role} `) && l.includes("@"));
  const email = line?.split(/\s+/).find((cell) => cell.includes("@"));
  if (!email) throw new Error(`no ${role} sign-in printed:\n${output}`);
  return { email };
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startServer({ template: "crm", args: ["--demo", "--scale=40"] }),
    launchBrowser(),
  ]);
  rep = printedLogin(server.output(), "sales_rep");
  const api = await ApiClient.login(server.url, rep.email, PASSWORD);
  const accounts = await api.request<{ records: Array<{ id: string }> }>(
    "GET",
    "/api/records/account?limit=1",
  );
  accountId = accounts.records[0]!.id;
  const context = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

describe("the demo company, as a sales rep", () => {
  step("starts on the task inbox with overdue, today's and upcoming tasks", async () => {
    await login(page, rep.email, PASSWORD);
    await page.waitForURL(/\/tasks$/);
    for (const group of ["overdue", "today", "upcoming"])
      await page.getByTestId(`task-group-${group}`).waitFor();
    await screenshot(page, "demo-tasks-1280-zh");
  });

  step("sees their accounts in the list", async () => {
    await page.goto("/o/account");
    await page.locator(".ant-table-row").first().waitFor();
    await screenshot(page, "demo-accounts-1280-zh");
  });

  step("drags deals on the sales board: columns in stage order with cards and totals", async () => {
    await page.goto("/o/opportunity/board");
    await page.getByTestId("board-column-lead_capture").waitFor();
    await page.getByTestId("board-card").first().waitFor();
    await screenshot(page, "demo-board-1280-zh");
  });

  step("opens an account's 360 before a call", async () => {
    await page.goto(`/o/account/${accountId}/360`);
    await page.getByTestId("record-overview").waitFor();
    await page.getByTestId("overview-timeline-card").waitFor();
    await screenshot(page, "demo-360-1280-zh");
  });

  step("the same on a phone in English", async () => {
    const context = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
    context.setDefaultTimeout(15_000);
    const phone = await context.newPage();
    try {
      await login(phone, rep.email, PASSWORD);
      await phone.waitForURL(/\/tasks$/);
      await phone.getByTestId("language-switch").click();
      await phone.locator(".ant-dropdown-menu-item").filter({ hasText: "English" }).click();
      await phone.getByText("My tasks").first().waitFor();
      await screenshot(phone, "demo-tasks-390-en");
      await phone.goto("/o/opportunity/board");
      // One stage per screen on a phone: the first stage's column, cards or not.
      await phone.getByTestId("board-column-lead_capture").waitFor();
      await screenshot(phone, "demo-board-390-en");
      await phone.goto(`/o/account/${accountId}/360`);
      await phone.getByTestId("record-overview").waitFor();
      await screenshot(phone, "demo-360-390-en");
    } finally {
      await context.close();
    }
  });
});
