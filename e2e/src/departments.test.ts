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

  step("works at phone width in English", async () => {
    const phone = await newContext(browser, { viewport: PHONE, locale: "en", baseURL: server.url });
    const phonePage = await phone.newPage();
    phonePage.setDefaultTimeout(10_000);
    await login(phonePage, ADMIN.email, ADMIN.password);
    await phonePage.goto("/admin/departments");
    await phonePage.getByTestId("department-华东销售部").click();
    await phonePage.getByText("Head").first().waitFor();
    await screenshot(phonePage, "departments-390-en");
    await phone.close();
  });
});
