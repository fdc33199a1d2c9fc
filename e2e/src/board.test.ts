import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { defineObject, label, REGION_FIELD } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login } from "./ui.ts";

// The kanban board of a pipeline: reached from the list (keeping its filter), columns with counts and money
// per currency from the aggregate API, a drag that meets the stage gates (kept after a reload) and one that
// does not (the card goes back with the gate's message, in zh-CN and en), the pipeline picker, and the phone
// layout's stage picker and "move to stage" menu. Screenshots at 1280 and 390 px in zh-CN and en.

let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ApiClient;

const option = (value: string, zh: string, en: string) => ({ value, labels: label(zh, en) });
const money = (amount: string, currency = "CNY") => ({ amount, currency });
const EAST = JSON.stringify({
  match: "and",
  conditions: [{ field: "region", operator: "eq", value: "east" }],
});

type Deal = { id: string; name: string; stage: string | null };
const dealNamed = async (name: string) =>
  (await api.request<{ records: Deal[] }>("GET", "/api/records/deal?limit=100")).records.find(
    (d) => d.name === name,
  )!;

async function createDeals() {
  await defineObject(api, "deal", label("商机", "Deal"), [
    { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
    { api_name: "amount", type: "currency", labels: label("金额", "Amount") },
    REGION_FIELD,
    { api_name: "budget_confirmed", type: "boolean", labels: label("预算已确认", "Budget confirmed") },
    {
      api_name: "pipeline",
      type: "single_select",
      labels: label("流程", "Pipeline"),
      config: { options: [option("sales", "销售流程", "Sales"), option("project", "项目流程", "Project")] },
    },
    {
      api_name: "stage",
      type: "single_select",
      labels: label("阶段", "Stage"),
      config: {
        options: [
          option("qualify", "初步接触", "Qualify"),
          option("proposal", "方案报价", "Proposal"),
          option("negotiate", "商务谈判", "Negotiation"),
          option("tech", "技术交流", "Tech exchange"),
          option("won", "赢单", "Won"),
          option("lost", "输单", "Lost"),
        ],
      },
    },
  ]);
  await api.request("POST", "/api/meta/objects/deal/pipelines", {
    api_name: "sales",
    labels: label("销售流程", "Sales"),
    stage_field: "stage",
    pipeline_field: "pipeline",
    is_default: true,
    stages: [
      { value: "qualify", probability: 10, deliverables: ["budget_confirmed"] },
      {
        value: "proposal",
        probability: 40,
        required_fields: ["amount"],
        guidance: label("发送方案并确认预算", "Send the proposal"),
      },
      {
        value: "negotiate",
        probability: 70,
        entry_conditions: [
          {
            condition: 'PRIORVALUE(stage) = "proposal"',
            message: label("须从方案报价阶段进入", "Comes after the proposal"),
          },
        ],
      },
      { value: "won", kind: "won", probability: 100 },
      { value: "lost", kind: "lost", probability: 0 },
    ],
  });
  await api.request("POST", "/api/meta/objects/deal/pipelines", {
    api_name: "project",
    labels: label("项目流程", "Project"),
    stage_field: "stage",
    pipeline_field: "pipeline",
    stages: [{ value: "tech" }, { value: "won", kind: "won" }, { value: "lost", kind: "lost" }],
  });
  const east = "east";
  await api.request("POST", "/api/records/deal/bulk", {
    records: [
      {
        name: "苏州精密机械",
        region: east,
        stage: "qualify",
        amount: money("120000"),
        budget_confirmed: true,
      },
      { name: "华东轴承", region: east, stage: "qualify", amount: money("80000") },
      {
        name: "宁波模具",
        region: east,
        stage: "qualify",
        amount: money("5000", "USD"),
        budget_confirmed: true,
      },
      { name: "杭州电子", region: east, stage: "proposal", amount: money("300000") },
      { name: "广州物流", region: "south", stage: "proposal", amount: money("990000") },
      { name: "北京软件", region: "north", stage: "won", amount: money("50000") },
      { name: "深圳项目", region: "south", pipeline: "project", stage: "tech", amount: money("2000000") },
      { name: "无阶段客户", region: east },
    ],
  });
  // The negotiation is entered from the proposal only (an entry gate): moved there, not created there.
  const guangzhou = await dealNamed("广州物流");
  await api.request("PATCH", `/api/records/deal/${guangzhou.id}`, { stage: "negotiate" });
}

const column = (target: Page, stage: string) => target.getByTestId(`board-column-${stage}`);
const card = (target: Page, stage: string, name: string) =>
  column(target, stage).getByTestId("board-card").filter({ hasText: name });
const countOf = (target: Page, stage: string) => target.getByTestId(`column-count-${stage}`).textContent();
const totalOf = (target: Page, stage: string) => target.getByTestId(`column-total-${stage}`).textContent();

async function expectCounts(target: Page, counts: Record<string, string>) {
  for (const [stage, count] of Object.entries(counts))
    await expect.poll(() => countOf(target, stage), { timeout: 10_000 }).toBe(count);
}

/** Drags with the mouse as a person does: press on the card (not its title link), move, drop on the column. */
async function drag(target: Page, from: Locator, to: Locator) {
  const start = (await from.boundingBox())!;
  const end = (await to.boundingBox())!;
  const x = start.x + 24;
  const y = start.y + start.height - 10;
  await target.mouse.move(x, y);
  await target.mouse.down();
  await target.mouse.move(x + 12, y + 8, { steps: 4 });
  await target.mouse.move(end.x + end.width / 2, end.y + 140, { steps: 16 });
  await target.mouse.up();
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await createDeals();
  const desktop = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  desktop.setDefaultTimeout(10_000);
  page = await desktop.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

describe("kanban board of a pipeline", () => {
  step("opens from the list keeping its filter, with counts and totals per stage (zh-CN)", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.goto(`/o/deal?f=${encodeURIComponent(EAST)}`);
    await page.getByText("杭州电子").first().waitFor();
    await page.getByTestId("view-mode").getByText("看板").click();
    await page.waitForURL(/\/o\/deal\/board\?f=/);
    await expectCounts(page, { qualify: "3", proposal: "1", negotiate: "0", won: "0", lost: "0" });
    // Money is summed per currency, never across currencies.
    await expect.poll(() => totalOf(page, "qualify")).toBe("¥20万 · US$5,000.00");
    await expect.poll(() => totalOf(page, "proposal")).toBe("¥30万");

    await page.getByTestId("view-mode").getByText("列表").click();
    await page.waitForURL(/\/o\/deal\?f=/);
    await page.goto("/o/deal/board");
    await expectCounts(page, { qualify: "3", proposal: "1", negotiate: "1", won: "1", lost: "0" });
    await expect.poll(() => totalOf(page, "negotiate")).toBe("¥99万");
    expect(await page.getByTestId("column-probability-proposal").textContent()).toBe("40%");
    // The deal without a stage is on no column, and the board says so.
    await page.getByTestId("board-off").getByText("1 条记录").waitFor();
    await card(page, "qualify", "苏州精密机械").getByText("¥12万").waitFor();
    await screenshot(page, "board-1280-zh");
  });

  step("a drag that meets the gates moves the card, and it stays after a reload", async () => {
    await drag(page, card(page, "qualify", "苏州精密机械"), column(page, "proposal"));
    await page.getByText("已把“苏州精密机械”移到“方案报价”").waitFor();
    await card(page, "proposal", "苏州精密机械").waitFor();
    await expectCounts(page, { qualify: "2", proposal: "2" });
    await expect.poll(() => totalOf(page, "proposal")).toBe("¥42万");
    expect((await dealNamed("苏州精密机械")).stage).toBe("proposal");
    await page.reload();
    await card(page, "proposal", "苏州精密机械").waitFor();
    await expectCounts(page, { qualify: "2", proposal: "2" });
  });

  step("a drag the gates refuse puts the card back with the gate's message", async () => {
    await drag(page, card(page, "qualify", "华东轴承"), column(page, "proposal"));
    const refusal = card(page, "qualify", "华东轴承").getByTestId("card-refusal");
    await refusal.getByText("未能移到“方案报价”").waitFor();
    await refusal.getByText("预算已确认：离开“初步接触”阶段前须完成此项").waitFor();
    await page.getByText("不能移到“方案报价”，请看卡片上的提示").waitFor();
    expect(await card(page, "proposal", "华东轴承").count()).toBe(0);
    await expectCounts(page, { qualify: "2", proposal: "2" });
    expect((await dealNamed("华东轴承")).stage).toBe("qualify");
    await screenshot(page, "board-refused-1280-zh");
  });

  step("the pipeline picker shows the other pipeline's stages and records", async () => {
    await page.getByTestId("pipeline-picker").getByText("项目流程").click();
    await page.waitForURL(/pipeline=project/);
    await card(page, "tech", "深圳项目").waitFor();
    await expectCounts(page, { tech: "1", won: "0" });
    expect(await column(page, "qualify").count()).toBe(0);
  });

  step("cards show the first columns of the list's view (here from the URL's columns)", async () => {
    await page.goto("/o/deal/board?cols=name,budget_confirmed");
    const first = card(page, "qualify", "宁波模具");
    await first.getByText("预算已确认").waitFor();
    expect(await first.getByText("区域").count()).toBe(0);
    // The amount is on every card whatever the columns.
    await first.getByText("US$5,000.00").waitFor();
  });

  step("in English: the move menu, and the gate's message in English", async () => {
    const context = await newContext(browser, { viewport: DESKTOP, locale: "en", baseURL: server.url });
    context.setDefaultTimeout(10_000);
    const en = await context.newPage();
    try {
      await login(en, ADMIN.email, ADMIN.password);
      await en.goto("/o/deal/board");
      await card(en, "qualify", "华东轴承").getByTestId("card-move").click();
      await en.getByTestId("move-to-proposal").click();
      const refusal = card(en, "qualify", "华东轴承").getByTestId("card-refusal");
      await refusal.getByText("Not moved to “Proposal”").waitFor();
      await refusal.getByText("Budget confirmed: Needed before leaving stage “Qualify”").waitFor();
      await screenshot(en, "board-1280-en");
    } finally {
      await context.close();
    }
  });

  for (const locale of ["zh-CN", "en"] as const) {
    step(`on a phone (${locale}): stage picker, swipeable columns and "move to stage"`, async () => {
      const context = await newContext(browser, { viewport: PHONE, locale, baseURL: server.url });
      context.setDefaultTimeout(10_000);
      const phone = await context.newPage();
      const zh = locale === "zh-CN";
      try {
        await login(phone, ADMIN.email, ADMIN.password);
        await phone.goto("/o/deal/board");
        await card(phone, "qualify", "宁波模具").waitFor();
        // One column fills the screen: the next one starts beyond it.
        const width = (await column(phone, "qualify").boundingBox())!.width;
        expect(width).toBeGreaterThan(300);
        expect((await column(phone, "proposal").boundingBox())!.x).toBeGreaterThan(PHONE.width - 40);
        if (zh) {
          await phone.getByTestId("stage-picker").getByText("方案报价 2").click();
          await expect
            .poll(async () => (await column(phone, "proposal").boundingBox())!.x, { timeout: 5_000 })
            .toBeLessThan(40);
          await card(phone, "proposal", "杭州电子").getByTestId("card-move").click();
          await phone.getByTestId("move-to-negotiate").click();
          await phone.getByText("已把“杭州电子”移到“商务谈判”").waitFor();
          await expect.poll(async () => (await dealNamed("杭州电子")).stage).toBe("negotiate");
          await expectCounts(phone, { proposal: "1", negotiate: "2" });
          await phone.getByTestId("stage-picker").getByText("商务谈判 2").click();
          await card(phone, "negotiate", "杭州电子").waitFor();
        }
        await screenshot(phone, `board-390-${zh ? "zh" : "en"}`);
        if (!zh) {
          // Views, scope, search and conditions share one drawer, so the columns get the screen.
          await phone.getByTestId("filter-toggle").click();
          await phone.locator(".ant-drawer").getByTestId("view-switcher").waitFor();
          await phone.locator(".ant-drawer").getByTestId("quick-search").waitFor();
        }
      } finally {
        await context.close();
      }
    });
  }
});
