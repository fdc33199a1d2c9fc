import { PassThrough } from "node:stream";
import type { Locale } from "@keduo/core";
import ExcelJS from "exceljs";
import { issueMessage, type RowIssue } from "./import-issues.ts";

const HEADERS: Record<Locale, string[]> = {
  "zh-CN": ["行号", "列", "值", "原因"],
  en: ["Row", "Column", "Value", "Reason"],
};

/** A cell Excel would run as a formula (= + - @, tab, CR) is written with a leading apostrophe. */
function neutral(text: string | null): string {
  if (!text) return "";
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The per-row problem report as an .xlsx the user fixes their sheet from. Written with exceljs's streaming
 * writer: its in-memory `writeBuffer` corrupts a few characters of large Chinese shared-string tables
 * (see xlsx-source.test.ts).
 */
export async function errorReportXlsx(issues: RowIssue[], locale: Locale): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = workbook.addWorksheet(locale === "zh-CN" ? "错误" : "Errors");
  sheet.columns = [8, 8, 30, 60].map((width) => ({ width }));
  const header = sheet.addRow(HEADERS[locale]);
  header.font = { bold: true };
  header.commit();
  for (const issue of issues) {
    sheet
      .addRow([
        issue.row,
        issue.column ?? "",
        neutral(issue.value),
        issueMessage(issue.code, issue.params ?? {}, locale),
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}
