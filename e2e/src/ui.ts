import type { Locator, Page } from "playwright-core";

/**
 * Opens an antd Select (found by its input id or a locator), types `text` to narrow a searchable list (the
 * list is virtual: far options are not rendered), and clicks the option showing exactly `text`.
 */
export async function pickOption(page: Page, select: string | Locator, text: string): Promise<void> {
  const target = typeof select === "string" ? page.locator(select) : select;
  const container = target.locator(
    "xpath=ancestor-or-self::*[contains(concat(' ', @class, ' '), ' ant-select ')][1]",
  );
  const chosen = container
    .locator(".ant-select-selection-item, .ant-select-content")
    .getByText(text, { exact: true });
  // antd can drop a click that lands while the dropdown is still opening (seen on a busy CI machine): check the
  // choice took, and pick again if it did not.
  for (let attempt = 1; ; attempt++) {
    await target.click();
    await page.keyboard.type(text);
    const option = page
      .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option")
      .filter({ has: page.getByText(text, { exact: true }) })
      .first();
    await option.click();
    if (attempt === 3) return;
    try {
      await chosen.first().waitFor({ timeout: 1_000 });
      return;
    } catch {
      await page.keyboard.press("Escape");
    }
  }
}

/** The error messages antd shows under the form item that holds the input with this id. */
export function fieldErrors(page: Page, inputId: string): Locator {
  return page
    .locator(".ant-form-item")
    .filter({ has: page.locator(`#${inputId}`) })
    .locator(".ant-form-item-explain-error");
}

export function tableRows(page: Page): Locator {
  return page.locator(".ant-table-tbody tr.ant-table-row");
}

export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/");
  await page.waitForURL(/\/login/);
  await page.locator("input[autocomplete=username]").fill(email);
  await page.locator("input[autocomplete=current-password]").fill(password);
  await page.locator("button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}
