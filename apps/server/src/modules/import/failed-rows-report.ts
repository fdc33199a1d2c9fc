import { PassThrough, type Readable } from "node:stream";
import type { Locale } from "@keduo/core";
import ExcelJS from "exceljs";
import { restoreCsvText } from "../export/index.ts";
import { issueMessage, isWarning, type RowIssue } from "./import-issues.ts";
import { type Cell, type FileFormat, LinkCell, type SheetRow } from "./table-source.ts";

const REASON_HEADER: Record<Locale, string> = { "zh-CN": "导入问题", en: "Import problems" };
const PAGE = 1000;

export interface FailedRowsSource {
  /** The sheet's rows, streamed from the stored file. */
  rows: AsyncIterable<SheetRow>;
  headerRow: number;
  /** The header row's texts, merged cells filled (a two-level header gives each column its name). */
  headerNames: string[];
  format: FileFormat;
  /** The header text of each column letter, to name the column in a reason. */
  headers: Record<string, string>;
  /** Rows whose only problems are warnings were imported: they are not in the report. */
  acceptWarnings: boolean;
  /** The problems of the rows after a row number, a page at a time, in sheet order. */
  issuesAfter(row: number, limit: number): Promise<Array<{ row: number; issues: RowIssue[] }>>;
}

/** A cell written back as it was read: numbers, dates and links stay what they were. */
function cellValue(cell: Cell | undefined, format: FileFormat): ExcelJS.CellValue {
  if (cell === undefined || cell === null) return null;
  if (cell instanceof LinkCell) return { text: cell.text, hyperlink: cell.url };
  return format !== "xlsx" && typeof cell === "string" ? restoreCsvText(cell) : cell;
}

function reasonOf(issues: RowIssue[], source: FailedRowsSource, locale: Locale): string {
  return issues
    .map((issue) => {
      const name = issue.column ? source.headers[issue.column] || issue.column : "";
      const message = issueMessage(issue.code, issue.params ?? {}, locale);
      return name ? `${name}${locale === "zh-CN" ? "：" : ": "}${message}` : message;
    })
    .join(locale === "zh-CN" ? "；" : "; ");
}

/**
 * The rows that failed, as the user wrote them, with a last column saying why — so they fix them in Excel
 * and import the file again (its header row is the sheet's, its reason column is left unmapped). Streamed:
 * the stored file is read once beside the problems, a page of failed rows at a time, both in sheet order.
 */
export function failedRowsXlsx(source: FailedRowsSource, locale: Locale): Readable {
  const out = new PassThrough();
  void write(source, locale, out).catch((error) => out.destroy(error));
  return out;
}

async function write(source: FailedRowsSource, locale: Locale, out: PassThrough) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const sheet = workbook.addWorksheet(locale === "zh-CN" ? "未导入的行" : "Rows not imported");
  let pending: Array<{ row: number; issues: RowIssue[] }> = [];
  let after = 0;
  let exhausted = false;
  const next = async () => {
    if (pending.length === 0 && !exhausted) {
      const page = await source.issuesAfter(after, PAGE);
      if (page.length < PAGE) exhausted = true;
      if (page.length) after = page[page.length - 1]!.row;
      pending = page;
    }
    return pending[0];
  };
  let width = 0;
  for await (const row of source.rows) {
    if (row.number < source.headerRow) continue;
    if (row.number === source.headerRow) {
      width = Math.max(row.cells.length, source.headerNames.length);
      const names = Array.from({ length: width }, (_, i) => source.headerNames[i] || null);
      const header = sheet.addRow([...names, REASON_HEADER[locale]]);
      header.font = { bold: true };
      header.commit();
      continue;
    }
    let failed = await next();
    while (failed && failed.row < row.number) {
      pending.shift();
      failed = await next();
    }
    if (!failed) break;
    if (failed.row !== row.number) continue;
    pending.shift();
    const stopping = failed.issues.some((i) => !isWarning(i.code) || !source.acceptWarnings);
    if (!stopping) continue;
    const cells = Array.from({ length: Math.max(width, row.cells.length) }, (_, i) =>
      cellValue(row.cells[i], source.format),
    );
    sheet.addRow([...cells, reasonOf(failed.issues, source, locale)]).commit();
  }
  sheet.commit();
  await workbook.commit();
}
