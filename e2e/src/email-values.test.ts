import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPage, PHONE, screenshot, startWorld, stopWorld, type TestWorld, withPage } from "./browser.ts";
import { ADMIN } from "./keduo-server.ts";
import { login } from "./ui.ts";

// Issue 15 part 7: an email with a non-ASCII domain is kept as typed through the form, the record page and
// inline editing — Chromium's type="email" input would hand it back as punycode — or refused with the reason.

let world: TestWorld;
let page: Page;
const labels = (zh: string, en: string) => ({ "zh-CN": zh, en });

beforeAll(async () => {
  world = await startWorld();
  await world.api.request("POST", "/api/meta/objects", {
    api_name: "contact",
    labels: labels("联系人", "Contact"),
  });
  for (const field of [
    { api_name: "name", type: "text", required: true, labels: labels("姓名", "Name") },
    { api_name: "email", type: "email", labels: labels("邮箱", "Email") },
  ]) {
    await world.api.request("POST", "/api/meta/objects/contact/fields", field);
  }
  await world.api.request("PATCH", "/api/meta/objects/contact", { display_field: "name" });
  page = await openPage(world);
  await login(page, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await page?.context().close();
  await stopWorld(world);
});

const contacts = async () =>
  (
    await world.api.request<{ records: { id: string; name: string; email: string }[] }>(
      "GET",
      "/api/records/contact",
    )
  ).records;

describe("emails with a non-ASCII domain in the browser", () => {
  it("saves an address typed in the form as typed, not as punycode", async () => {
    await page.goto("/o/contact/new");
    await page.locator("#record_name").fill("张三");
    await page.locator("#record_email").fill("张三@例子.公司");
    await page.getByTestId("save-record").click();
    await page.locator(".ant-descriptions").getByText("张三@例子.公司").waitFor();
    expect((await contacts()).map((c) => c.email)).toEqual(["张三@例子.公司"]);
  });

  it("refuses a full-width @ in place, naming it", async () => {
    await page.getByTestId("inline-edit-email").click();
    const input = page.locator(".ant-descriptions input#email");
    await input.fill("张三＠例子.公司");
    await page.getByTestId("inline-save-email").click();
    await page.locator(".ant-descriptions .ant-form-item-explain-error").getByText("全角字符“＠”").waitFor();
    await screenshot(page, "email-full-width-1280-zh");
    await page.keyboard.press("Escape");
    expect((await contacts()).map((c) => c.email)).toEqual(["张三@例子.公司"]);
  });

  it("keeps a German domain edited in place on a phone", async () => {
    const [contact] = await contacts();
    await withPage(
      world,
      { viewport: PHONE, locale: "en", user: ADMIN, name: "email-390-en" },
      async (phone) => {
        await phone.goto(`/o/contact/${contact!.id}`);
        await phone.getByTestId("inline-edit-email").click();
        await phone.locator(".ant-descriptions input#email").fill("info@münchen.de");
        await phone.getByTestId("inline-save-email").click();
        await phone.locator(".ant-descriptions").getByText("info@münchen.de").waitFor();
        await screenshot(phone, "email-idn-390-en");
      },
    );
    expect((await contacts()).map((c) => c.email)).toEqual(["info@münchen.de"]);
  });
});
