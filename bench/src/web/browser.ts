import type { Browser, BrowserContext, Page } from "playwright-core";
import { DESKTOP } from "../../../e2e/src/browser.ts";

/** Debian's Chromium with the browser tests' own launch options (one place for both). */
export { DESKTOP, launchBrowser } from "../../../e2e/src/browser.ts";

/** A new context is a new profile: no cookies and an empty HTTP cache (a cold browser cache). */
export function newDesktopContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ viewport: DESKTOP, locale: "zh-CN", baseURL });
}

export const ROW_SELECTOR = ".ant-table-tbody tr.ant-table-row";

/**
 * Installs an in-page stopwatch: it starts at the first click on an element matching `startSelector` (capture
 * phase, before the app sees the click) and stops at the first animation frame in which a table row holding
 * `marker` is laid out. Timing inside the page leaves out the automation protocol's round trips.
 */
export async function armStopwatch(page: Page, startSelector: string, marker: string): Promise<void> {
  await page.evaluate(
    `(() => {
      const watch = { clicked: null, shown: null };
      window.__keduoStopwatch = watch;
      document.addEventListener("click", (event) => {
        if (watch.clicked === null && event.target instanceof Element && event.target.closest(${JSON.stringify(startSelector)}))
          watch.clicked = performance.now();
      }, true);
      const check = () => {
        if (watch.clicked === null || watch.shown !== null) return;
        const rows = document.querySelectorAll(${JSON.stringify(ROW_SELECTOR)});
        for (const row of rows) {
          if (row.textContent.includes(${JSON.stringify(marker)}) && row.getBoundingClientRect().height > 0) {
            requestAnimationFrame(() => { if (watch.shown === null) watch.shown = performance.now(); });
            observer.disconnect();
            return;
          }
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    })()`,
  );
}

/**
 * Waits until a row holding `marker` is visible and clickable (Playwright's actionability checks: visible,
 * stable, enabled, receiving pointer events), then reads the in-page stopwatch.
 */
export async function readStopwatch(page: Page, marker: string): Promise<number> {
  await page
    .locator(ROW_SELECTOR)
    .filter({ hasText: marker })
    .first()
    .click({ trial: true, timeout: 60_000 });
  const watch = (
    await page.waitForFunction(
      "window.__keduoStopwatch && window.__keduoStopwatch.shown !== null && window.__keduoStopwatch",
    )
  ).jsonValue() as Promise<{ clicked: number; shown: number }>;
  const { clicked, shown } = await watch;
  return shown - clicked;
}
