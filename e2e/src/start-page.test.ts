import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPage, PHONE, screenshot, startWorld, stopWorld, type TestWorld, withPage } from "./browser.ts";
import { ADMIN } from "./keduo-server.ts";
import { login } from "./ui.ts";

// Issue 15 part 9: the start page of a new installation has its own tab title and offers its admin the CRM
// template in one click rather than "create 供应商".

let world: TestWorld;
let page: Page;

beforeAll(async () => {
  world = await startWorld();
  page = await openPage(world);
});
afterAll(async () => {
  await page?.context().close();
  await stopWorld(world);
});

describe("the start page of an empty installation", () => {
  it("offers the CRM template on a phone, titled as the start page", async () => {
    await withPage(
      world,
      { viewport: PHONE, locale: "en", user: ADMIN, name: "start-390-en" },
      async (phone) => {
        await phone.getByTestId("install-crm").waitFor();
        expect(await phone.title()).toBe("Get started · Keduo");
        await screenshot(phone, "start-empty-390-en");
      },
    );
  });

  it("installs it in one click and opens the first list", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.getByTestId("install-crm").waitFor();
    expect(await page.title()).not.toContain("登录");
    await screenshot(page, "start-empty-1280-zh");
    await page.getByTestId("install-crm").click();
    await page.waitForURL(/\/o\/[a-z_]+/, { timeout: 30_000 });
    await page.locator(".ant-table").waitFor();
    expect(await page.title()).not.toContain("登录");
    await screenshot(page, "start-installed-1280-zh");
  });
});
