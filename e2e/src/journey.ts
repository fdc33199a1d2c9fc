import type { Page } from "playwright-core";
import { it } from "vitest";
import { screenshot } from "./browser.ts";

/**
 * The steps of a browser journey: after a failed step the rest cannot mean anything, so they stop at once,
 * and the failure leaves a screenshot of what the browser showed (of `defaultPage`, or the step's own page).
 */
export function journey(defaultPage: () => Page) {
  let failed: string | null = null;
  return function step(name: string, run: () => Promise<void>, pageOf: () => Page = defaultPage) {
    it(name, async () => {
      if (failed) throw new Error(`skipped: the step "${failed}" failed`);
      try {
        await run();
      } catch (error) {
        failed = name;
        await screenshot(pageOf(), `failure-${name.slice(0, 40).replace(/[^a-z0-9]+/gi, "-")}`).catch(
          () => {},
        );
        throw error;
      }
    });
  };
}
