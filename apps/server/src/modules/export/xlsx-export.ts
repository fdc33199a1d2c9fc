import { once } from "node:events";
import type { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import type { Cell, CellContext } from "./cell-values.ts";
import type { ColumnFormat, ExportColumn } from "./export-columns.ts";
import type { ExportPage } from "./export-pages.ts";
import { xlsxSafeText } from "./neutralise.ts";

/** The hidden sheet that maps columns back to API names (see README.md). */
export const COLUMNS_SHEET = "_keduo_columns";

const NUMBER_FORMATS: Record<ColumnFormat, string | undefined> = {
  general: undefined,
  money: "#,##0.00",
  percent: '0.00"%"',
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm:ss",
};

// Excel sheet names: at most 31 characters, none of []:*?/\ .
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31) || "Sheet1";

/** "2026-03-05" or "2026-03-05 14:30:00" (a wall-clock time) → the Date exceljs writes as that serial. */
function wallClock(value: string): Date {
  const [date = "", time = "00:00:00"] = value.split(" ");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm, ss] = time.split(":").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!, hh!, mm!, ss!));
}

type CellValue = string | number | Date | null;

function xlsxValue(cell: Cell): CellValue {
  if (cell === null) return null;
  switch (cell.kind) {
    case "text":
      // Always a string cell, never a formula: a leading = + - @ is shown as typed and never evaluated.
      return xlsxSafeText(cell.value);
    case "number": {
      const value = Number(cell.text);
      const decimals = cell.text.split(".")[1]?.length ?? 0;
      // Money beyond a double's 15–17 digits stays exact as text rather than silently rounded.
      const exact = String(value) === cell.text || value.toFixed(decimals) === cell.text;
      return Number.isFinite(value) && exact ? value : cell.text;
    }
    case "date":
    case "datetime":
      return wallClock(cell.value);
  }
}

/** Waits while the client is behind, so rows are never produced faster than they are sent. */
async function drained(out: PassThrough) {
  if (out.writableNeedDrain && !out.destroyed) await Promise.race([once(out, "drain"), once(out, "close")]);
  // The client went away (the stream is destroyed): stop reading instead of writing into nothing.
  if (out.destroyed) throw new Error("export download closed by the client");
  await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Writes an .xlsx with exceljs's streaming writer: each page's rows are committed (serialised, zipped and
 * released) before the next page is read, and no shared-strings table is built (strings are inline), so
 * memory does not grow with the number of rows.
 */
export async function writeXlsx(
  out: PassThrough,
  options: { columns: ExportColumn[]; sheet: string; object: string },
  pages: AsyncIterable<ExportPage>,
  ctx: CellContext,
): Promise<void> {
  const { columns } = options;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "Keduo";
  const sheet = workbook.addWorksheet(sheetName(options.sheet), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = columns.map((column) => {
    const numFmt = NUMBER_FORMATS[column.format];
    return { key: column.key, width: column.width, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  const header = sheet.addRow(columns.map((column) => xlsxSafeText(column.header)));
  header.font = { bold: true };
  header.commit();
  for await (const page of pages) {
    for (const record of page.records) {
      sheet.addRow(columns.map((column) => xlsxValue(column.cell(record, page.names, ctx)))).commit();
    }
    await drained(out);
  }
  sheet.commit();

  // Column → API name, so an import of this file maps every column back without guessing.
  const map = workbook.addWorksheet(COLUMNS_SHEET, { state: "hidden" });
  map.addRow(["column", "api_name", "label", "type", "object"]).commit();
  columns.forEach((column, index) => {
    map.addRow([index + 1, column.key, xlsxSafeText(column.header), column.type, options.object]).commit();
  });
  map.commit();
  await workbook.commit();
}
