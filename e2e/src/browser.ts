import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const RESULTS_DIR = resolve(import.meta.dirname, "../../test-results");

/** Debian's Chromium (`apt-get install -y chromium`); never a test tool's own browser download. */
export const CHROMIUM = process.env.KEDUO_CHROMIUM ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function newContext(
  browser: Browser,
  options: { viewport: { width: number; height: number }; locale: string; baseURL: string },
): Promise<BrowserContext> {
  const phone = options.viewport.width < 500;
  return browser.newContext({
    viewport: options.viewport,
    locale: options.locale,
    baseURL: options.baseURL,
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  // Let antd's motion (drawers, messages) settle so the picture shows the resting state.
  await page.waitForTimeout(350);
  await page.screenshot({ path, fullPage: false });
  return path;
}
