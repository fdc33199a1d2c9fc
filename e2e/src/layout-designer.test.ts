import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login, tableRows } from "./ui.ts";

// The form layout journey: an admin orders a project's fields by dragging them, splits its form into two
// sections in the layout designer by drag and drop, sees those sections on the record page and in the
// form, edits a record and finds the change in its field history — at desktop and phone width, zh-CN and en.

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
let api: ApiClient;
let projectId: string;

const labels = (zh: string, en: string) => ({ "zh-CN": zh, en });

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  await api.request("POST", "/api/meta/objects", { api_name: "project", labels: labels("项目", "Project") });
  for (const field of [
    { api_name: "name", type: "text", required: true, labels: labels("名称", "Name") },
    { api_name: "client", type: "text", labels: labels("客户", "Client") },
    { api_name: "budget", type: "currency", labels: labels("预算", "Budget") },
    { api_name: "start_date", type: "date", labels: labels("开始日期", "Start date") },
    { api_name: "notes", type: "long_text", labels: labels("备注", "Notes") },
  ])
    await api.request("POST", "/api/meta/objects/project/fields", field);
  await api.request("PATCH", "/api/meta/objects/project", { display_field: "name" });
  const project = await api.request<{ id: string }>("POST", "/api/records/project", {
    name: "苏州工厂改造",
    client: "苏州精密",
    budget: { amount: "1250000", currency: "CNY" },
    start_date: "2026-04-01",
    notes: "一期：产线自动化",
  });
  projectId = project.id;
  // Milestones point at their project: a one-to-many relation the layout can place as a sub-form.
  await api.request("POST", "/api/meta/objects", {
    api_name: "milestone",
    labels: labels("里程碑", "Milestone"),
  });
  await api.request("POST", "/api/meta/objects/milestone/fields", {
    api_name: "title",
    type: "text",
    labels: labels("标题", "Title"),
  });
  await api.request("POST", "/api/meta/objects/milestone/fields", {
    api_name: "project",
    type: "relation",
    labels: labels("所属项目", "Project"),
    config: {
      relation: {
        target: "project",
        cardinality: "many_to_one",
        inverse_name: "milestones",
        inverse_labels: labels("里程碑", "Milestones"),
      },
    },
  });
  await api.request("POST", "/api/records/milestone", { title: "产线验收", project: projectId });
  desktop = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  desktop.setDefaultTimeout(10_000);
  page = await desktop.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

/** Drags with the mouse the way a person does: press on the handle, move in steps, release over the target. */
async function drag(from: Locator, to: Locator, position: "top" | "center" = "center") {
  const source = await from.boundingBox();
  const target = await to.boundingBox();
  if (!source || !target) throw new Error("drag: element not visible");
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(source.x + source.width / 2 + 8, source.y + source.height / 2 + 8, { steps: 4 });
  const y = position === "top" ? target.y + 4 : target.y + target.height / 2;
  await page.mouse.move(target.x + target.width / 2, y, { steps: 12 });
  await page.waitForTimeout(150);
  await page.mouse.move(target.x + target.width / 2, y + 1, { steps: 2 });
  await page.mouse.up();
}

async function fieldOrder(): Promise<string[]> {
  const object = await api.request<{ fields: Array<{ api_name: string; position: number }> }>(
    "GET",
    "/api/meta/objects/project",
  );
  return object.fields.sort((a, b) => a.position - b.position).map((f) => f.api_name);
}

interface Layout {
  version: number;
  sections: Array<{
    id: string;
    label: Record<string, string>;
    columns: number;
    items: Array<{ field: string }>;
  }>;
}
const layout = () => api.request<Layout>("GET", "/api/layouts/project");

describe("an admin designs a project's form layout", () => {
  step("reorders fields in the object designer by dragging", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.goto("/admin/objects/project");
    await page.getByTestId("designer-object-title").getByText("项目").waitFor();
    const row = (name: string) => tableRows(page).filter({ hasText: name });
    // Notes to the top, by its drag handle.
    await drag(row("notes").getByRole("button", { name: "拖动以调整顺序" }), row("name"), "top");
    await expect.poll(fieldOrder).toEqual(["notes", "name", "client", "budget", "start_date"]);
    await expect.poll(() => tableRows(page).first().textContent()).toContain("notes");
    // And one step back down with the arrow button, the way without dragging.
    await page.getByTestId("field-down-notes").click();
    await expect.poll(fieldOrder).toEqual(["name", "notes", "client", "budget", "start_date"]);
    await screenshot(page, "field-order-1280-zh");
  });

  step("builds two sections in the layout designer by drag and drop", async () => {
    await page.getByTestId("open-layout-designer").click();
    await page.waitForURL(/\/admin\/objects\/project\/layout$/);
    await page.getByTestId("layout-designer-title").getByText("项目").waitFor();
    await page.getByTestId("add-section").click();
    await page.getByTestId("section-label-zh-1").fill("财务");
    await page.getByTestId("section-label-en-1").fill("Finance");
    await page.getByTestId("section-label-zh-0").fill("概况");
    await page.getByTestId("section-label-en-0").fill("Overview");
    await page.getByTestId("section-columns-0").getByText("1 列").click();
    const handle = (name: string) => page.getByTestId(`drag-field:${name}`);
    await drag(handle("budget"), page.getByTestId("section-drop-1"));
    await page.getByTestId("section-drop-1").getByTestId("layout-item-field:budget").waitFor();
    await drag(handle("start_date"), page.getByTestId("layout-item-field:budget"));
    await page.getByTestId("section-drop-1").getByTestId("layout-item-field:start_date").waitFor();
    await screenshot(page, "layout-designer-1280-zh");
    await page.getByTestId("save-layout").click();
    await page.getByText("布局已保存").waitFor();
    const saved = await layout();
    expect(saved.version).toBe(1);
    expect(saved.sections.map((s) => [s.label.en, s.columns])).toEqual([
      ["Overview", 1],
      ["Finance", 2],
    ]);
    expect(saved.sections[0]!.items.map((i) => i.field)).toEqual(["name", "notes", "client"]);
    expect(saved.sections[1]!.items.map((i) => i.field).sort()).toEqual(["budget", "start_date"]);
  });

  step("shows the sections on the record page and in the form", async () => {
    const { sections } = await layout();
    await page.goto(`/o/project/${projectId}`);
    await page.getByTestId("record-title").getByText("苏州工厂改造").waitFor();
    const overview = page.getByTestId(`record-section-${sections[0]!.id}`);
    const finance = page.getByTestId(`record-section-${sections[1]!.id}`);
    await overview.getByText("概况").waitFor();
    await finance.getByText("财务").waitFor();
    await finance.getByText("¥1,250,000.00").waitFor();
    expect(await overview.getByText("预算").count()).toBe(0);
    await screenshot(page, "record-sections-1280-zh");

    await page.getByTestId("edit-record").click();
    await page.waitForURL(/\/edit$/);
    const formFinance = page.getByTestId(`form-section-${sections[1]!.id}`);
    await formFinance.getByText("财务").waitFor();
    await formFinance.locator("#record_start_date").waitFor();
    expect(await page.getByTestId(`form-section-${sections[0]!.id}`).locator("#record_budget").count()).toBe(
      0,
    );
    await screenshot(page, "form-sections-1280-zh");
  });

  step("edits the record and finds the change in its field history", async () => {
    await page.locator("#record_client").fill("无锡精工");
    await page.getByTestId("save-record").click();
    await page.waitForURL(/\/o\/project\/[0-9a-f-]{36}$/);
    await page.getByTestId("history-tab").click();
    const change = page.getByTestId("history-change-client").first();
    await change.waitFor();
    await change.getByText("苏州精密").waitFor();
    await change.getByText("无锡精工").waitFor();
    await page.getByTestId("record-history").getByText("修改了记录").first().waitFor();
    await screenshot(page, "record-history-1280-zh");
  });

  step("reads the same in English", async () => {
    await page.getByTestId("language-switch").click();
    await page.locator(".ant-dropdown-menu-item").filter({ hasText: "English" }).click();
    await page.getByTestId("history-tab").getByText("Field history").waitFor();
    await page.getByTestId("record-history").getByText("changed the record").first().waitFor();
    await screenshot(page, "record-history-1280-en");
    await page.getByText("Details", { exact: true }).click();
    await page.getByText("Finance").waitFor();
    await screenshot(page, "record-sections-1280-en");
    await page.goto("/admin/objects/project/layout");
    await page.getByTestId("layout-designer-title").getByText("Project").waitFor();
    await screenshot(page, "layout-designer-1280-en");
  });

  step("places the milestones as a sub-form in the Finance section", async () => {
    await page.goto("/admin/objects/project/layout");
    await page.getByTestId("layout-designer-title").getByText("Project").waitFor();
    await page.getByTestId("add-subform-1").click();
    await page.locator(".ant-dropdown-menu-item").filter({ hasText: "Milestone (by Project)" }).click();
    await page.getByTestId("section-drop-1").getByTestId("layout-item-subform:milestone.project").waitFor();
    await page.getByTestId("save-layout").click();
    await page.getByText("Layout saved").waitFor();
    const { sections } = await layout();
    expect(sections[1]!.items.at(-1)).toEqual({ kind: "subform", object: "milestone", field: "project" });

    await page.goto(`/o/project/${projectId}`);
    const finance = page.getByTestId(`record-section-${sections[1]!.id}`);
    await finance.getByTestId("related-milestones").getByText("产线验收").waitFor();
    // Shown in its section, not again below the sections.
    expect(await page.getByTestId("related-milestones").count()).toBe(1);
    await screenshot(page, "record-subform-1280-en");
  });

  let mobile: Page;
  step(
    "works at phone width without dragging: arrow buttons move a field between sections",
    async () => {
      const phone = await newContext(browser, { viewport: PHONE, locale: "zh-CN", baseURL: server.url });
      phone.setDefaultTimeout(10_000);
      mobile = await phone.newPage();
      await login(mobile, ADMIN.email, ADMIN.password);
      await mobile.goto("/admin/objects/project/layout");
      await mobile.getByTestId("layout-designer-title").getByText("Project").waitFor();
      // Client is the last item of Overview: one step down puts it at the top of Finance.
      await mobile.getByTestId("down-field:client").click();
      await mobile.getByTestId("section-drop-1").getByTestId("layout-item-field:client").waitFor();
      await screenshot(mobile, "layout-designer-390-en");
      await mobile.getByTestId("save-layout").click();
      await mobile.getByText("Layout saved").waitFor();
      expect((await layout()).sections[1]!.items[0]!.field).toBe("client");

      await mobile.goto(`/o/project/${projectId}`);
      await mobile.getByTestId("record-title").getByText("苏州工厂改造").waitFor();
      await screenshot(mobile, "record-sections-390-en");
      await mobile.getByTestId("language-switch").click();
      await mobile.locator(".ant-dropdown-menu-item").filter({ hasText: "中文" }).click();
      await mobile.getByText("财务").first().waitFor();
      await screenshot(mobile, "record-sections-390-zh");
      await mobile.getByTestId("history-tab").click();
      await mobile.getByTestId("history-change-client").first().waitFor();
      await screenshot(mobile, "record-history-390-zh");
      await mobile.goto(`/o/project/${projectId}/edit`);
      await mobile.locator("#record_client").waitFor();
      await screenshot(mobile, "form-sections-390-zh");
      await mobile.goto("/admin/objects/project/layout");
      await mobile.getByTestId("layout-designer-title").getByText("项目").waitFor();
      await screenshot(mobile, "layout-designer-390-zh");
      await phone.close();
    },
    () => mobile,
  );
});
