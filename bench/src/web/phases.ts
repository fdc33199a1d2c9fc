import type { Browser, Page } from "playwright-core";
import { progress } from "../lib/progress.ts";
import { benchAdmin } from "../lib/server.ts";
import { describeStats, type LatencyStats, summarize } from "../lib/stats.ts";
import { armStopwatch, newDesktopContext, ROW_SELECTOR, readStopwatch } from "./browser.ts";
import { COMPANY_MARKER, CONTACT_MARKER } from "./dataset.ts";

export interface Timings {
  stats: LatencyStats;
  warmup: number[];
  samples: number[];
}

const LOGIN_SUBMIT = "button[type=submit]";

async function fillLogin(page: Page): Promise<void> {
  await page.goto("/login");
  await page.locator("input[autocomplete=username]").fill(benchAdmin.email);
  await page.locator("input[autocomplete=current-password]").fill(benchAdmin.password);
}

/**
 * (a) Each run is a new browser context (no cookies, empty HTTP cache): open the login page, fill it in, then
 * time from the submit click to the first row of the start page's list (the 100k-row object) visible and
 * clickable. The login page's own load is outside the interval and timed apart (`pageLoad`).
 */
export async function loginToFirstRow(
  browser: Browser,
  baseURL: string,
  runs: { warmup: number; count: number },
): Promise<Timings & { pageLoad: LatencyStats }> {
  const warmup: number[] = [];
  const samples: number[] = [];
  const pageLoads: number[] = [];
  for (let i = 0; i < runs.warmup + runs.count; i++) {
    const context = await newDesktopContext(browser, baseURL);
    try {
      const page = await context.newPage();
      const loadStarted = performance.now();
      await fillLogin(page);
      const pageLoad = performance.now() - loadStarted;
      await armStopwatch(page, LOGIN_SUBMIT, COMPANY_MARKER);
      await page.locator(LOGIN_SUBMIT).click();
      const ms = await readStopwatch(page, COMPANY_MARKER);
      if (!/\/o\/bench_company/.test(page.url())) throw new Error(`the start page opened ${page.url()}`);
      if (i < runs.warmup) warmup.push(ms);
      else {
        samples.push(ms);
        pageLoads.push(pageLoad);
      }
      progress(
        "a",
        `run ${i + 1}/${runs.warmup + runs.count}${i < runs.warmup ? " (warm-up)" : ""}: ${ms.toFixed(0)} ms`,
      );
    } finally {
      await context.close();
    }
  }
  return { stats: summarize(samples), warmup, samples, pageLoad: summarize(pageLoads) };
}

/** Opens `/o/<object>` (a full page load: the app starts with empty query caches) and waits for its rows. */
async function openList(page: Page, object: string, marker: string): Promise<void> {
  await page.goto(`/o/${object}`);
  await page.locator(ROW_SELECTOR).filter({ hasText: marker }).first().waitFor({ timeout: 60_000 });
}

/** Clicks the navigation entry of `object` and returns the in-page time until its first row shows. */
async function navigate(page: Page, object: string, marker: string): Promise<number> {
  const link = `[data-testid=nav-menu] a[href="/o/${object}"]`;
  await armStopwatch(page, link, marker);
  await page.locator(link).click();
  return readStopwatch(page, marker);
}

/**
 * (b) Signed in, on one object's list: time from clicking another object in the navigation until its rows are
 * visible. Each run starts from a fresh page load (warm HTTP cache, empty query cache), so the second list is
 * really fetched; going back to the first list afterwards shows its cached rows at once and is timed apart
 * (`revisit`). Directions alternate between the 100k-row object and the small one.
 */
export async function navigateBetweenLists(
  browser: Browser,
  baseURL: string,
  runs: { warmup: number; count: number },
): Promise<Timings & { revisit: LatencyStats }> {
  const context = await newDesktopContext(browser, baseURL);
  const warmup: number[] = [];
  const samples: number[] = [];
  const revisits: number[] = [];
  try {
    const page = await context.newPage();
    await fillLogin(page);
    await page.locator(LOGIN_SUBMIT).click();
    await page.locator(ROW_SELECTOR).first().waitFor({ timeout: 60_000 });
    const objects = [
      { object: "bench_company", marker: COMPANY_MARKER },
      { object: "bench_contact", marker: CONTACT_MARKER },
    ];
    for (let i = 0; i < runs.warmup + runs.count; i++) {
      const [from, to] = i % 2 === 0 ? [objects[0]!, objects[1]!] : [objects[1]!, objects[0]!];
      await openList(page, from.object, from.marker);
      const ms = await navigate(page, to.object, to.marker);
      const back = await navigate(page, from.object, from.marker);
      if (i < runs.warmup) warmup.push(ms);
      else {
        samples.push(ms);
        revisits.push(back);
      }
      progress(
        "b",
        `run ${i + 1}/${runs.warmup + runs.count}${i < runs.warmup ? " (warm-up)" : ""}: ${from.object} → ${to.object} ${ms.toFixed(0)} ms, back (cached) ${back.toFixed(0)} ms`,
      );
    }
  } finally {
    await context.close();
  }
  const stats = summarize(samples);
  progress("b", describeStats(stats));
  return { stats, warmup, samples, revisit: summarize(revisits) };
}
