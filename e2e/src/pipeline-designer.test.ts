import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { openPage, PHONE, screenshot, startWorld, stopWorld, type TestWorld, withPage } from "./browser.ts";
import { defineObject, label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN } from "./keduo-server.ts";
import { login } from "./ui.ts";

// An admin draws a pipeline without code: from the object designer to its pipelines, a new pipeline over the
// stage field (every option a stage), a required field and an entry condition checked by the formula checker,
// the order changed, saved — and the gate then refuses a move through the API, with the admin's message.

let world: TestWorld;
let page: Page;
const option = (value: string, zh: string, en: string) => ({ value, labels: label(zh, en) });

beforeAll(async () => {
  world = await startWorld();
  await defineObject(world.api, "deal", label("商机", "Deal"), [
    { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
    { api_name: "amount", type: "number", labels: label("金额", "Amount") },
    {
      api_name: "stage",
      type: "single_select",
      labels: label("阶段", "Stage"),
      config: {
        options: [
          option("qualify", "初步接触", "Qualify"),
          option("proposal", "方案报价", "Proposal"),
          option("won", "赢单", "Won"),
          option("lost", "输单", "Lost"),
        ],
      },
    },
  ]);
  page = await openPage(world);
});
afterAll(() => stopWorld(world));

const step = journey(() => page);
const stage = (value: string) => page.getByTestId(`stage-${value}`);

describe("an admin draws a pipeline", () => {
  step("creates a pipeline over the stage field from the object designer", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.goto("/admin/objects/deal");
    await page.getByTestId("open-pipelines").click();
    await page.waitForURL(/\/admin\/objects\/deal\/pipelines$/);
    await page.getByTestId("pipeline-add").click();
    await page.getByTestId("pipeline-new-name").fill("销售流程");
    await page.getByTestId("pipeline-new-stage-field").click();
    await page.locator(".ant-select-item-option").filter({ hasText: "阶段" }).click();
    await page.locator(".ant-modal-footer .ant-btn-primary").click();
    await page.getByText("流程已创建").waitFor();
    for (const value of ["qualify", "proposal", "won", "lost"]) await stage(value).waitFor();
    // won and lost were recognised as end stages; the first pipeline is the default one.
    await expect.poll(() => stage("won").textContent()).toContain("赢单");
    expect(await page.getByRole("switch").getAttribute("aria-checked")).toBe("true");
  });

  step("sets a required field and an entry condition the formula checker accepts", async () => {
    await stage("proposal").click();
    const panel = page.locator(".ant-collapse-item").filter({ has: stage("proposal") });
    await panel.getByRole("spinbutton").first().fill("40");
    await panel.getByTestId("stage-required").click();
    await page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: "金额" })
      .click();
    await page.keyboard.press("Escape");
    await panel.getByTestId("gate-add").first().click();
    const formula = panel.getByTestId("gate-formula").first();
    await formula.fill("amount >");
    await formula.blur();
    await expect.poll(() => panel.locator(".ant-form-item-explain-error").count()).toBeGreaterThan(0);
    await formula.fill("amount >= 1000");
    await formula.blur();
    await panel.getByText("公式正确").waitFor();
    await panel.getByTestId("gate-message-zh").first().fill("金额至少 1000");
    await panel.getByTestId("gate-message-en").first().fill("At least 1000");
    // The order: proposal first, then qualify.
    await stage("proposal").getByRole("button", { name: "上移" }).click();
    await screenshot(page, "pipeline-designer-1280-zh");
    await page.getByTestId("pipeline-save").click();
    await page.getByText("流程已保存").waitFor();
  });

  step("the saved gates refuse a move on every path, with the admin's message", async () => {
    const { pipelines } = await world.api.request<{
      pipelines: Array<{ stages: Array<{ value: string; probability: number | null }> }>;
    }>("GET", "/api/meta/objects/deal/pipelines");
    expect(pipelines[0]!.stages.map((s) => [s.value, s.probability])).toEqual([
      ["proposal", 40],
      ["qualify", null],
      ["won", null],
      ["lost", null],
    ]);
    const refused = world.api.request(
      "POST",
      "/api/records/deal",
      { name: "小单", stage: "proposal", amount: 10 },
      {
        "accept-language": "en",
      },
    );
    await expect(refused).rejects.toThrow(/→ 422 .*At least 1000/);
  });

  step("works on a phone in English", async () => {
    await withPage(
      world,
      { user: ADMIN, viewport: PHONE, locale: "en", name: "pipeline-designer-390-en" },
      async (phone) => {
        await phone.goto("/admin/objects/deal/pipelines");
        await phone.getByTestId("pipelines-title").getByText("Pipelines of").waitFor();
        await phone.getByTestId("stage-proposal").click();
        await phone.getByText("Entry conditions").first().waitFor();
        await screenshot(phone, "pipeline-designer-390-en");
      },
    );
  });
});
