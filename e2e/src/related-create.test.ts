import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe } from "vitest";
import { openPage, startWorld, stopWorld, type TestWorld } from "./browser.ts";
import { defineObject, label } from "./fixtures.ts";
import { journey } from "./journey.ts";
import { ADMIN } from "./keduo-server.ts";
import { login } from "./ui.ts";

// Creating a record from a parent's related list: the form comes prefilled with the parent, and saving returns
// to the parent, whose related list now shows the new record.

let world: TestWorld;
let page: Page;
let customerId: string;

beforeAll(async () => {
  world = await startWorld();
  await defineObject(world.api, "customer", label("客户", "Customer"), [
    { api_name: "name", type: "text", required: true, labels: label("名称", "Name") },
  ]);
  await defineObject(world.api, "contact", label("联系人", "Contact"), [
    { api_name: "name", type: "text", required: true, labels: label("姓名", "Name") },
    {
      api_name: "customer",
      type: "relation",
      labels: label("客户", "Customer"),
      config: {
        relation: {
          target: "customer",
          inverse_name: "contacts",
          inverse_labels: label("联系人", "Contacts"),
        },
      },
    },
  ]);
  const created = await world.api.request<{ id: string }>("POST", "/api/records/customer", {
    name: "苏州精密",
  });
  customerId = created.id;
  page = await openPage(world);
});
afterAll(() => stopWorld(world));

const step = journey(() => page);

describe("a record created from a related list", () => {
  step("returns to the parent, which lists it", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.goto(`/o/customer/${customerId}`);
    await page.getByRole("link", { name: "新建" }).first().click();
    await page.waitForURL(/\/o\/contact\/new\?/);
    await page.locator("#record_name").fill("王经理");
    await page.getByTestId("save-record").click();
    await page.waitForURL(new RegExp(`/o/customer/${customerId}$`));
    await page.getByText("王经理").first().waitFor();
  });
});
