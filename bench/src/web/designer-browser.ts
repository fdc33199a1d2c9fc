import type { Browser } from "playwright-core";
import { pickOption } from "../../../e2e/src/ui.ts";
import { progress } from "../lib/progress.ts";
import { benchAdmin } from "../lib/server.ts";
import { type LatencyStats, summarize } from "../lib/stats.ts";
import { armStopwatch, newDesktopContext, readStopwatch } from "./browser.ts";

/** Types picked in the editor's type box by their Chinese names (`null`: the editor's default, 单行文本). */
const TYPES = [null, "数字", "金额", "日期", "电话", "多行文本", "是/否", "网址"];

/**
 * The same save in Chromium: on the object's designer page, open the field editor, pick a type, type a Chinese
 * label, then time from the click on 保存 until the new field's row is laid out in the designer's table and
 * clickable (the editor closed over it). Timed inside the page, as phases a and b are.
 */
export async function saveFieldsInBrowser(
  browser: Browser,
  baseURL: string,
  object: string,
  count: number,
): Promise<{ stats: LatencyStats; samples: number[]; warmup: number }> {
  const context = await newDesktopContext(browser, baseURL);
  const samples: number[] = [];
  let warmup = 0;
  try {
    const page = await context.newPage();
    await page.goto("/login");
    await page.locator("input[autocomplete=username]").fill(benchAdmin.email);
    await page.locator("input[autocomplete=current-password]").fill(benchAdmin.password);
    await page.locator("button[type=submit]").click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    await page.goto(`/admin/objects/${object}`);
    // One warm-up save: the editor's code and the first render of its form are loaded on first use.
    for (let i = 0; i <= count; i++) {
      const label = `界面字段${i + 1}号`;
      await page.getByTestId("add-field").click();
      await page.locator("#field_type").waitFor({ timeout: 30_000 });
      const type = TYPES[i % TYPES.length] ?? null;
      if (type) await pickOption(page, "#field_type", type);
      await page.getByTestId("field-label-zh").fill(label);
      await armStopwatch(page, "[data-testid=field-submit]", label);
      await page.getByTestId("field-submit").click();
      const ms = await readStopwatch(page, label);
      await page.locator("#field_type").waitFor({ state: "detached", timeout: 30_000 });
      if (i === 0) warmup = ms;
      else samples.push(ms);
      progress(
        "d",
        `browser: ${object} + ${type ?? "单行文本"} ${ms.toFixed(0)} ms${i === 0 ? " (warm-up)" : ""}`,
      );
    }
  } finally {
    await context.close();
  }
  return { stats: summarize(samples), samples, warmup };
}
