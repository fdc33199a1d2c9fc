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

/** The per-row problem report as an .xlsx the user fixes their sheet from. */
export async function errorReportXlsx(issues: RowIssue[], locale: Locale): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(locale === "zh-CN" ? "错误" : "Errors");
  sheet.addRow(HEADERS[locale]).font = { bold: true };
  for (const issue of issues) {
    sheet.addRow([
      issue.row,
      issue.column ?? "",
      neutral(issue.value),
      issueMessage(issue.code, issue.params ?? {}, locale),
    ]);
  }
  sheet.columns.forEach((column, i) => {
    column.width = [8, 8, 30, 60][i];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
