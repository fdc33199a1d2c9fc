import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { ApiClient } from "./api-client.ts";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login } from "./ui.ts";

// Issue 15, part 3 (a slice): the department tree in the browser — departments, heads, moves, members.

let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ApiClient;
let zhangsan: string;

type Department = { id: string; name: string; parent_id: string | null; head_user_id: string | null };
const departments = async () =>
  (await api.request<{ departments: Department[] }>("GET", "/api/org/departments")).departments;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  api = await ApiClient.login(server.url, ADMIN.email, ADMIN.password);
  const created = await api.request<{ user: { id: string } }>("POST", "/api/users", {
    email: "zhangsan@keduo.test",
    name: "张三",
    password: "password-123",
  });
  zhangsan = created.user.id;
  const context = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const step = journey(() => page);

async function rename(name: string) {
  // A department just added opens with its placeholder name: type only once its form is there.
  await expect.poll(() => page.getByTestId("department-name").inputValue()).toBe("新部门");
  await page.getByTestId("department-name").fill(name);
  await page.getByTestId("department-save").click();
  await page.getByTestId(`department-${name}`).waitFor();
}

/**
 * Drags one department onto another. The tree drops inside a node (rather than beside it) when the pointer
 * ends well to the right of where the drag started, so the drag starts at the title's left edge.
 */
async function dragOnto(name: string, target: string) {
  const to = page.getByTestId(`department-${target}`);
  const box = await to.boundingBox();
  await page.getByTestId(`department-${name}`).dragTo(to, {
    sourcePosition: { x: 4, y: 8 },
    targetPosition: { x: Math.max(box!.width - 8, 60), y: box!.height / 2 + 2 },
  });
}

describe("the department tree", () => {
  step("builds a department with a head and a sub-department (zh-CN)", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.getByTestId("nav-menu").getByText("组织架构").click();
    await page.waitForURL(/\/admin\/departments$/);
    await page.getByTestId("department-add").click();
    await rename("华东销售部");
    await page.locator(".ant-form-item").filter({ hasText: "部门负责人" }).getByTestId("user-select").click();
    await page.keyboard.type("zs");
    await page
      .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
      .filter({ hasText: "张三" })
      .first()
      .click();
    await page.getByTestId("department-save").click();
    await expect
      .poll(async () => (await departments()).find((d) => d.name === "华东销售部")?.head_user_id)
      .toBe(zhangsan);
    await page.getByTestId("department-华东销售部").getByTestId("person-name").getByText("张三").waitFor();

    await page.getByTestId("department-add-child").click();
    await rename("华东一组");
    const all = await departments();
    const east = all.find((d) => d.name === "华东销售部")!;
    expect(all.find((d) => d.name === "华东一组")?.parent_id).toBe(east.id);
  });

  step("shows a department's members", async () => {
    const east = (await departments()).find((d) => d.name === "华东销售部")!;
    await api.request("PATCH", `/api/users/${zhangsan}`, { department_id: east.id });
    await page.reload();
    await page.getByTestId("department-华东销售部").click();
    await expect
      .poll(() => page.getByTestId("department-member").getByTestId("person-name").allTextContents())
      .toEqual(["张三"]);
    await screenshot(page, "departments-1280-zh");
  });

  step("moves the sub-department to the top level", async () => {
    await page.getByTestId("department-华东一组").click();
    await page.getByTestId("department-parent").locator(".ant-select-clear").click({ force: true });
    await page.getByTestId("department-save").click();
    await expect
      .poll(async () => (await departments()).find((d) => d.name === "华东一组")?.parent_id)
      .toBeNull();
  });

  step("drags the sub-department back under its department", async () => {
    await expect.poll(() => page.locator(".ant-tree [draggable=true]").count()).toBe(2);
    await dragOnto("华东一组", "华东销售部");
    await page.getByText("已将“华东一组”移到“华东销售部”下").waitFor();
    const all = await departments();
    const east = all.find((d) => d.name === "华东销售部")!;
    expect(all.find((d) => d.name === "华东一组")?.parent_id).toBe(east.id);
    // Shown under it in the tree: indented one level.
    await expect
      .poll(() =>
        page
          .locator(".ant-tree-treenode")
          .filter({ has: page.getByTestId("department-华东一组") })
          .locator(".ant-tree-indent-unit")
          .count(),
      )
      .toBe(1);
    // The moved department's form shows its new parent (a save now would not move it back).
    await page.getByTestId("department-parent").getByText("华东销售部").waitFor();
    await screenshot(page, "departments-drag-1280-zh");
  });

  step("a drag into the department's own branch (a tree gone stale) shows the server's refusal", async () => {
    const south = await api.request<{ id: string }>("POST", "/api/org/departments", {
      name: "华南销售部",
      parent_id: null,
    });
    const team = await api.request<{ id: string }>("POST", "/api/org/departments", {
      name: "华南一组",
      parent_id: null,
    });
    await page.reload();
    await page.getByTestId("department-华南一组").waitFor();
    // Meanwhile another admin puts 华南销售部 under 华南一组: this page still shows both at the top.
    await api.request("PATCH", `/api/org/departments/${south.id}`, { parent_id: team.id });
    await dragOnto("华南一组", "华南销售部");
    await page
      .locator(".ant-message-error")
      .getByText("不能把“华南一组”移到“华南销售部”下：“华南销售部”是“华南一组”的下级部门", { exact: false })
      .waitFor();
    // The tree is reloaded as it is now: 华南销售部 under 华南一组.
    await expect
      .poll(() =>
        page
          .locator(".ant-tree-treenode")
          .filter({ has: page.getByTestId("department-华南销售部") })
          .locator(".ant-tree-indent-unit")
          .count(),
      )
      .toBe(1);
    await screenshot(page, "departments-drag-refused-1280-zh");
    const all = await departments();
    expect(all.find((d) => d.name === "华南一组")?.parent_id).toBeNull();
    expect(all.find((d) => d.name === "华南销售部")?.parent_id).toBe(team.id);
  });

  step("works at phone width in English", async () => {
    const phone = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
    const phonePage = await phone.newPage();
    phonePage.setDefaultTimeout(10_000);
    await login(phonePage, ADMIN.email, ADMIN.password);
    await phonePage.goto("/admin/departments");
    await phonePage.getByTestId("department-华东销售部").click();
    await phonePage.getByText("Head").first().waitFor();
    // No dragging on a phone (a finger cannot drag a tree node): the parent picker moves a department.
    expect(await phonePage.locator(".ant-tree [draggable=true]").count()).toBe(0);
    expect(await phonePage.getByText("Drag a department onto another").count()).toBe(0);
    await phonePage.getByText("Parent department").waitFor();
    await screenshot(phonePage, "departments-390-en");
    await phone.close();
  });
});
