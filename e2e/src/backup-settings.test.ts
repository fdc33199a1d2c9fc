import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { DESKTOP, launchBrowser, newContext, PHONE, screenshot } from "./browser.ts";
import { journey } from "./journey.ts";
import { ADMIN, type RunningServer, startServer } from "./keduo-server.ts";
import { fieldErrors, login } from "./ui.ts";

// Backup settings: the admin opens the page from the navigation, is told beside the directory input (in zh-CN
// and en) that a relative path will not do, saves a daily schedule into a real directory, downloads a backup
// and finds the backup format's magic at its start; the file then shows in the list of scheduled backups.

let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
const directory = mkdtempSync(join(tmpdir(), "keduo-e2e-backups-"));

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  desktop = await newContext(browser, { viewport: DESKTOP, locale: "zh-CN", baseURL: server.url });
  desktop.setDefaultTimeout(15_000);
  page = await desktop.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(directory, { recursive: true, force: true });
});

const step = journey(() => page);

async function setTime(target: Page, time: string) {
  await target.locator("#backup_time").click();
  await target.locator("#backup_time").fill(time);
  await target.keyboard.press("Enter");
  await target.locator(".ant-picker-dropdown:not(.ant-picker-dropdown-hidden)").waitFor({ state: "hidden" });
}

describe("an admin sets up backups", () => {
  step("opens the backup page from the navigation (zh-CN)", async () => {
    await login(page, ADMIN.email, ADMIN.password);
    await page.getByTestId("nav-menu").getByText("备份", { exact: true }).click();
    await page.waitForURL(/\/admin\/backups$/);
    await page.getByTestId("backups-title").getByText("备份").waitFor();
    await page.getByTestId("backup-encryption").getByText("未加密", { exact: true }).waitFor();
    await page.getByTestId("backup-files").getByText("尚未设置备份目录").waitFor();
    expect(await page.locator("#backup_time").inputValue()).toBe("02:00");
    await screenshot(page, "backups-1280-zh");
  });

  step("is told beside the directory that a relative path will not do, in zh-CN and en", async () => {
    await page.getByTestId("backup-enabled").click();
    await page.locator("#backup_directory").fill("backups");
    await page.getByTestId("backup-save").click();
    await fieldErrors(page, "backup_directory").getByText("“backups”不是绝对路径").waitFor();
    await screenshot(page, "backups-error-1280-zh");

    await page.getByTestId("language-switch").click();
    await page.locator(".ant-dropdown-menu-item").filter({ hasText: "English" }).click();
    await page.getByTestId("backups-title").getByText("Backups").waitFor();
    await page.getByTestId("backup-save").click();
    await fieldErrors(page, "backup_directory").getByText("“backups” is not an absolute path").waitFor();
    await screenshot(page, "backups-error-1280-en");
  });

  step("saves a daily schedule into a real directory", async () => {
    await page.locator("#backup_directory").fill(directory);
    await setTime(page, "03:30");
    await page.locator("#backup_retention").fill("5");
    await page.getByTestId("backup-save").click();
    await page.getByText("Backup settings saved").waitFor();
    await expect.poll(() => fieldErrors(page, "backup_directory").count()).toBe(0);
    await page.getByTestId("backup-files").getByText("No scheduled backups in the directory yet").waitFor();

    // Saved on the server, not only in the form.
    await page.reload();
    await page.getByTestId("backups-title").waitFor();
    await expect.poll(() => page.locator("#backup_directory").inputValue()).toBe(directory);
    expect(await page.locator("#backup_time").inputValue()).toBe("03:30");
    expect(await page.locator("#backup_retention").inputValue()).toBe("5");
    expect(await page.getByTestId("backup-enabled").getAttribute("aria-checked")).toBe("true");
  });

  step("downloads a backup that starts with the backup format's magic", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      page.getByTestId("backup-download").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^keduo-backup-\d{8}-\d{6}Z\.kdbackup$/);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 8).toString("latin1")).toBe("KDBACKUP");
    expect(bytes.length).toBeGreaterThan(1000);
    // The manifest (plain: the server has no passphrase) names the embedded engine.
    expect(bytes.subarray(0, 4096).toString("latin1")).toContain('"engine":"pglite"');
    await page.getByText(`Backup downloaded: ${download.suggestedFilename()}`).waitFor();

    // Where the schedule writes its files, the page lists them.
    copyFileSync(path, join(directory, download.suggestedFilename()));
    await page.reload();
    await page.getByTestId("backup-file").getByText(download.suggestedFilename()).waitFor();
    await screenshot(page, "backups-1280-en");
    await page.getByTestId("backup-files").scrollIntoViewIfNeeded();
    await screenshot(page, "backups-files-1280-en");
  });

  step("works on a phone", async () => {
    const phone = await newContext(browser, { viewport: PHONE, locale: "zh-CN", baseURL: server.url });
    phone.setDefaultTimeout(15_000);
    const mobile = await phone.newPage();
    try {
      await login(mobile, ADMIN.email, ADMIN.password);
      await mobile.getByTestId("nav-open").click();
      // The admin chose English above: the saved language wins.
      await mobile.locator(".ant-drawer-open").getByText("Backups").click();
      await mobile.waitForURL(/\/admin\/backups$/);
      await mobile.getByTestId("backups-title").waitFor();
      await expect.poll(() => mobile.locator("#backup_directory").inputValue()).toBe(directory);
      await screenshot(mobile, "backups-390-en-1");
      const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await mobile.getByTestId("backup-files").scrollIntoViewIfNeeded();
      await mobile.getByTestId("backup-file").first().waitFor();
      await screenshot(mobile, "backups-390-en-2");
      await mobile.getByTestId("backup-restore").scrollIntoViewIfNeeded();
      await screenshot(mobile, "backups-390-en-3");
    } finally {
      await phone.close();
    }
  });
});
