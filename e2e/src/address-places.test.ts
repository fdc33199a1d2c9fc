import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPage, PHONE, screenshot, startWorld, stopWorld, type TestWorld, withPage } from "./browser.ts";
import { ADMIN } from "./keduo-server.ts";
import { login } from "./ui.ts";

// Issue 15 part 8: a town under a city without districts (东莞市长安镇) picked in the form, and an address
// abroad typed as its lines under a country, both shown as they were entered.

let world: TestWorld;
let page: Page;
const labels = (zh: string, en: string) => ({ "zh-CN": zh, en });

beforeAll(async () => {
  world = await startWorld();
  await world.api.request("POST", "/api/meta/objects", { api_name: "site", labels: labels("网点", "Site") });
  for (const field of [
    { api_name: "name", type: "text", required: true, labels: labels("名称", "Name") },
    { api_name: "address", type: "address", labels: labels("地址", "Address") },
  ]) {
    await world.api.request("POST", "/api/meta/objects/site/fields", field);
  }
  await world.api.request("PATCH", "/api/meta/objects/site", { display_field: "name" });
  page = await openPage(world);
  await login(page, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await page?.context().close();
  await stopWorld(world);
});

const addresses = async () =>
  (
    await world.api.request<{ records: { name: string; address: unknown }[] }>(
      "GET",
      "/api/records/site?sort=name",
    )
  ).records.map((r) => [r.name, r.address]);

describe("addresses down to towns and abroad in the form", () => {
  it("picks a town of 东莞 and stores its code", async () => {
    await page.goto("/o/site/new");
    await page.locator("#record_name").fill("长安网点");
    await page.locator("#record_address").click();
    for (const name of ["广东省", "东莞市", "长安镇"])
      await page.locator(`.ant-cascader-menu-item[title="${name}"]`).click();
    await page.keyboard.press("Escape");
    await page.getByPlaceholder("详细地址").fill("振安中路1号");
    await screenshot(page, "address-town-form-1280-zh");
    await page.getByTestId("save-record").click();
    await page.locator(".ant-descriptions").getByText("广东省 东莞市 长安镇 振安中路1号").waitFor();
    await screenshot(page, "address-town-1280-zh");
    expect(await addresses()).toContainEqual([
      "长安网点",
      { province: "440000", city: "441900", district: "441900119", detail: "振安中路1号" },
    ]);
  });

  it("types an address abroad under its country on a phone", async () => {
    await withPage(
      world,
      { viewport: PHONE, locale: "en", user: ADMIN, name: "address-abroad-390-en" },
      async (phone) => {
        await phone.goto("/o/site/new");
        await phone.locator("#record_name").fill("Tokyo office");
        await phone.getByLabel("Country or region").click();
        await phone.keyboard.type("Japan");
        await phone.locator(".ant-select-item-option[title='Japan']").click();
        await phone.getByPlaceholder("Address lines").fill("1-1 Marunouchi, Chiyoda-ku\nTokyo 100-0005");
        await screenshot(phone, "address-abroad-form-390-en");
        await phone.getByTestId("save-record").click();
        await phone.locator(".ant-descriptions").getByText("Japan 1-1 Marunouchi").waitFor();
        await screenshot(phone, "address-abroad-390-en");
      },
    );
    expect(await addresses()).toContainEqual([
      "Tokyo office",
      { country: "JP", detail: "1-1 Marunouchi, Chiyoda-ku\nTokyo 100-0005" },
    ]);
  });
});
