import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { ApiClient } from "./api-client.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { login } from "./ui.ts";

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
  options: {
    viewport: { width: number; height: number };
    locale: string;
    baseURL: string;
    /** The browser's clock zone; pages that count days against the server's "today" need the organisation's. */
    timezoneId?: string;
  },
): Promise<BrowserContext> {
  const phone = options.viewport.width < 500;
  return browser.newContext({
    viewport: options.viewport,
    locale: options.locale,
    baseURL: options.baseURL,
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
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

/** What a journey file runs against: its own server (a fresh embedded database), a browser, an admin API. */
export interface TestWorld {
  server: RunningServer;
  browser: Browser;
  api: ApiClient;
}

/** Starts a journey's server and browser side by side and signs the API client in as the admin. */
export async function startWorld(options: Parameters<typeof startServer>[0] = {}): Promise<TestWorld> {
  const [server, browser] = await Promise.all([startServer(options), launchBrowser()]);
  return { server, browser, api: await ApiClient.login(server.url, ADMIN.email, ADMIN.password) };
}

export async function stopWorld(world: TestWorld | undefined): Promise<void> {
  await world?.browser.close();
  await world?.server.stop();
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  locale?: string;
}

/** A page in a browser context of its own (its own session), 1280 px and zh-CN unless told otherwise. */
export async function openPage(world: TestWorld, options: PageOptions = {}): Promise<Page> {
  const context = await newContext(world.browser, {
    viewport: options.viewport ?? DESKTOP,
    locale: options.locale ?? "zh-CN",
    baseURL: world.server.url,
  });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

/**
 * Runs `run` on a page of its own — at phone width in English, say — signed in as `user`, and closes it
 * afterwards; a failure leaves a screenshot of that page (the journey's own failure shot is of its main page).
 */
export async function withPage(
  world: TestWorld,
  options: PageOptions & { user: { email: string; password: string }; name: string },
  run: (page: Page) => Promise<void>,
): Promise<void> {
  const page = await openPage(world, options);
  try {
    await login(page, options.user.email, options.user.password);
    await run(page);
  } catch (error) {
    await screenshot(page, `failure-${options.name}`).catch(() => {});
    throw error;
  } finally {
    await page.context().close();
  }
}
