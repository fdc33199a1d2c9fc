import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPage, startWorld, stopWorld, type TestWorld, withPage } from "./browser.ts";
import { label } from "./fixtures.ts";
import { ADMIN } from "./keduo-server.ts";
import { login, tableRows } from "./ui.ts";

// A list's total beside "load more" (ADR 0035): exact up to the server's exact-count limit, the planner's
// estimate above it, which the list says is one — "约 … 条" / "about …". The limit is lowered to 100 so 150
// records stand for a big table: 60 甲 records are counted, all 150 are estimated.

let world: TestWorld;
let page: Page;

beforeAll(async () => {
  world = await startWorld({ env: { KEDUO_EXACT_COUNT_LIMIT: "100" } });
  const { api } = world;
  await api.request("POST", "/api/meta/objects", { api_name: "lead", labels: label("线索", "Lead") });
  await api.request("POST", "/api/meta/objects/lead/fields", {
    api_name: "name",
    type: "text",
    required: true,
    labels: label("名称", "Name"),
  });
  const names = Array.from(
    { length: 150 },
    (_, i) => `${i < 60 ? "甲" : "乙"}-${String(i).padStart(3, "0")}`,
  );
  await api.request("POST", "/api/records/lead/bulk", { records: names.map((name) => ({ name })) });
  page = await openPage(world);
  await login(page, ADMIN.email, ADMIN.password);
}, 120_000);

afterAll(async () => {
  await stopWorld(world);
});

const POLL = { timeout: 10_000 };
const total = (target: Page) => target.getByTestId("list-total");

describe("a list's total", () => {
  it("says 约 … 条 for an estimate and 共 … 条 for a count (zh-CN)", async () => {
    await page.goto("/o/lead");
    await expect.poll(() => tableRows(page).count(), POLL).toBe(50);
    await expect.poll(() => total(page).textContent(), POLL).toMatch(/^已加载 50 条 · 约 [\d,]+ 条$/);
    const estimate = Number(
      (await total(page).textContent())!.match(/约 ([\d,]+) 条/)![1]!.replaceAll(",", ""),
    );
    expect(estimate).toBeGreaterThan(100);

    await page.goto(`/o/lead?q=${encodeURIComponent("甲")}`);
    await expect.poll(() => total(page).textContent(), POLL).toBe("已加载 50 条 · 共 60 条");
    // The last page says how many were loaded; no total is needed then.
    await page.getByTestId("load-more").click();
    await expect.poll(() => tableRows(page).count(), POLL).toBe(60);
    await expect(total(page).count()).resolves.toBe(0);
  });

  it("says about … in English", async () => {
    await withPage(world, { user: ADMIN, locale: "en", name: "list-total-en" }, async (en) => {
      await en.goto("/o/lead");
      await expect.poll(() => total(en).textContent(), POLL).toMatch(/^50 loaded · about [\d,]+$/);
      await en.goto(`/o/lead?q=${encodeURIComponent("甲")}`);
      await expect.poll(() => total(en).textContent(), POLL).toBe("50 loaded · 60 in all");
    });
  });
});
