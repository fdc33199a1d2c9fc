import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { launchBrowser, openPage, PHONE, screenshot, stopWorld, type TestWorld } from "./browser.ts";
import { journey } from "./journey.ts";
import { ADMIN, startServer } from "./keduo-server.ts";
import { login } from "./ui.ts";

// The automation editor's less-travelled cards, looked at in the browser (1280 zh-CN and 390 en): a schedule's
// cron input, an inbound webhook's address to copy (which never showed: the token has no input, so the form
// did not watch it), a wait card and the outbound webhook's address, and a run that is waiting in the run log.

const text = (zh: string, en = zh) => ({ "zh-CN": zh, en });
const task = {
  kind: "create_task",
  subject: text("跟进 {{company}}", "Follow up {{company}}"),
  assignee: { kind: "owner" },
};

let world: TestWorld;
let page: Page;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const [server, browser] = await Promise.all([startServer({ template: "crm" }), launchBrowser()]);
  const admin = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  world = { server, browser, api: admin };
  const create = async (key: string, definition: Record<string, unknown>) => {
    const saved = await admin.request<{ id: string }>("POST", "/api/automations", {
      object: "lead",
      ...definition,
    });
    ids[key] = saved.id;
  };
  await create("schedule", {
    api_name: "weekly_review",
    labels: text("每周一复盘未跟进线索", "Monday review of idle leads"),
    trigger: { kind: "schedule", cron: "0 9 * * 1" },
    condition: 'status = "new"',
    actions: [task],
  });
  await create("hook", {
    api_name: "from_website_form",
    labels: text("官网表单来线索", "Leads from the website form"),
    trigger: { kind: "inbound_webhook" },
    actions: [task],
  });
  await create("wait", {
    api_name: "nudge_after_three_days",
    labels: text("三个工作日后提醒并同步外部系统", "Nudge after three business days, tell the ERP"),
    trigger: { kind: "record_created" },
    enabled: true,
    actions: [
      { kind: "wait", days: 3, business_days: true },
      task,
      { kind: "webhook", url: "https://erp.example.com/hooks/keduo/leads/new-lead-created" },
    ],
  });
  // Empties a required field: every run fails, refused by the records service.
  await create("broken", {
    api_name: "clear_company",
    labels: text("清空公司名称", "Clear the company"),
    trigger: { kind: "record_created" },
    enabled: true,
    actions: [{ kind: "update_fields", values: { company: { value: null } } }],
  });
  await create("follow", {
    api_name: "follow_up_new_lead",
    labels: text("新线索即建跟进任务", "A follow-up task for each new lead"),
    trigger: { kind: "record_created" },
    enabled: true,
    actions: [task],
  });
  // A new lead starts the waiting automation: its run waits three business days.
  await admin.request("POST", "/api/records/lead", { company: "杭州云帆科技", status: "new" });
  const { automations } = await admin.request<{ automations: Array<{ id: string; api_name: string }> }>(
    "GET",
    "/api/automations?object=account",
  );
  ids.welcome = automations.find((a) => a.api_name === "onboarding_kickoff")?.id ?? "";
  page = await openPage(world);
}, 120_000);
afterAll(() => stopWorld(world));

const step = journey(() => page);

/** Scrolls `target` to the middle of the viewport, then takes the screenshot. */
async function shoot(p: Page, target: Locator, name: string) {
  await target.evaluate((el) => el.scrollIntoView({ block: "center" }));
  await screenshot(p, name);
}

async function lookAtEverything(p: Page, suffix: string) {
  await p.goto(`/admin/automations/${ids.schedule}`);
  const cron = p.getByPlaceholder("0 9 * * 1");
  await cron.waitFor();
  await shoot(p, cron, `automation-cron-${suffix}`);
  await expect.poll(() => cron.inputValue()).toBe("0 9 * * 1");
  await shoot(p, cron, `automation-cron-${suffix}`);

  await p.goto(`/admin/automations/${ids.hook}`);
  const address = p.getByText(/\/api\/hooks\/automations\//);
  await address.waitFor();
  await shoot(p, address, `automation-hook-address-${suffix}`);

  await p.goto(`/admin/automations/${ids.wait}`);
  const wait = p.getByTestId("action-card-0");
  await wait.waitFor();
  await shoot(p, wait, `automation-wait-card-${suffix}`);
  const url = p.getByTestId("action-2-url");
  await shoot(p, url, `automation-webhook-url-${suffix}`);

  await p.getByTestId("automation-runs-tab").click();
  const run = p.getByTestId("run-card").first();
  await expect.poll(() => run.getAttribute("data-status"), { timeout: 30_000 }).toBe("waiting");
  // The wait step says when the run goes on, in the reader's language (not the server's ISO instant).
  await run.getByText(/^(等到 .+ 后继续|Goes on at .+)$/).waitFor();
  expect(await run.textContent()).not.toContain("waiting until");
  await shoot(p, run, `automation-run-waiting-${suffix}`);

  // A created task opens from the step that created it.
  await p.goto(`/admin/automations/${ids.follow}?tab=runs`);
  const followed = p.getByTestId("run-card").first();
  await expect.poll(() => followed.getAttribute("data-status"), { timeout: 30_000 }).toBe("succeeded");
  const open = followed.getByTestId("run-step-record");
  expect(await open.textContent()).toMatch(suffix.endsWith("zh") ? /^打开新建的\S+$/ : /^Open the new \S+/);
  const href = await open.getAttribute("href");
  expect(href).toMatch(/^\/o\/task\/[0-9a-f-]{36}$/);
  await shoot(p, followed, `automation-run-task-link-${suffix}`);
  await open.click();
  await p.waitForURL((url) => url.pathname === href);
  // The subject is written in the assignee's language, whoever reads it.
  await p
    .getByText(/(跟进|Follow up) 杭州云帆科技/)
    .first()
    .waitFor();

  // A refused write, in the reader's words and by the field's label (the server's error is only a code).
  await p.goto(`/admin/automations/${ids.broken}?tab=runs`);
  const failed = p.getByTestId("run-card").first();
  await expect.poll(() => failed.getAttribute("data-status"), { timeout: 30_000 }).toBe("failed");
  const why = suffix.endsWith("zh") ? "公司名称：此项为必填项" : "Company: This field is required";
  expect(await failed.getByTestId("run-step").textContent()).toContain(why);
  // Said once, under the step that failed.
  expect(await failed.getByTestId("run-error").count()).toBe(0);
  await shoot(p, failed, `automation-run-failed-${suffix}`);
}

const EMAIL_WORDS = {
  zh: { relation: "主要联系人（联系人）", self: "本条记录（客户）", none: "客户没有邮箱类型的字段" },
  en: {
    relation: "Main contact (Contact)",
    self: "This record (Account)",
    none: "Account has no email field",
  },
};

/**
 * The CRM template's welcome email goes to the account's main contact: the card says whose address (the
 * relation and what it points at, or this record), and which email field of that record.
 */
async function lookAtEmail(p: Page, suffix: string, words: (typeof EMAIL_WORDS)["en"]) {
  await p.goto(`/admin/automations/${ids.welcome}`);
  const via = p.getByTestId("action-0-via");
  await via.waitFor();
  expect(await via.textContent()).toBe(words.relation);
  await shoot(p, via, `automation-email-via-${suffix}`);
  await via.click();
  const open = p.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)");
  await open.getByText(words.self, { exact: true }).waitFor();
  await screenshot(p, `automation-email-via-open-${suffix}`);
  // This record: an account has no email field, and the field's list says so.
  await open.getByText(words.self, { exact: true }).click();
  expect(await via.textContent()).toBe(words.self);
  await p.getByTestId("action-0-to-field").click();
  await p.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").getByText(words.none).waitFor();
  await screenshot(p, `automation-email-self-${suffix}`);
  expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    p.viewportSize()?.width ?? 0,
  );
}

describe("automation editor: the cards built last, as they look", () => {
  step("the send-email card's whose address, at 1280 and 390 in both languages", async () => {
    for (const [viewport, locale, suffix] of [
      [undefined, "zh-CN", "1280-zh"],
      [undefined, "en", "1280-en"],
      [PHONE, "zh-CN", "390-zh"],
      [PHONE, "en", "390-en"],
    ] as const) {
      const p = await openPage(world, { viewport, locale });
      try {
        await login(p, ADMIN.email, ADMIN.password);
        await lookAtEmail(p, suffix, EMAIL_WORDS[locale === "en" ? "en" : "zh"]);
      } finally {
        await p.context().close();
      }
    }
  });

  step("at 1280 in Chinese", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await lookAtEverything(page, "1280-zh");
  });

  step("an assign-owner card leads to the object's assignment rules", async () => {
    const { automations } = await world.api.request<{ automations: Array<{ id: string; api_name: string }> }>(
      "GET",
      "/api/automations?object=lead",
    );
    const marketing = automations.find((a) => a.api_name === "assign_marketing_leads");
    await page.goto(`/admin/automations/${marketing?.id}`);
    await page.getByTestId("assign-owner-rules").click();
    await page.waitForURL(/\/admin\/objects\/lead\/assignment-rules$/);
    await page.getByTestId("rule-header-0").waitFor();
  });

  step("at 390 in English", async () => {
    const phone = await openPage(world, { viewport: PHONE, locale: "en" });
    try {
      await login(phone, ADMIN.email, ADMIN.password);
      await lookAtEverything(phone, "390-en");
    } finally {
      await phone.context().close();
    }
  });
});
