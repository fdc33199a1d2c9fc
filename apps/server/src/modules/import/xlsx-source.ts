import type { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { type Cell, isEmptyRow, LinkCell, type SheetRow } from "./table-source.ts";

// HYPERLINK("https://…", "官网") with a literal address (a computed one cannot be read without Excel).
const HYPERLINK = /^\s*HYPERLINK\s*\(\s*"((?:[^"]|"")*)"\s*(?:[,;]\s*"((?:[^"]|"")*)"\s*)?\)\s*$/i;

function hyperlinkOf(formula: string, result: unknown): LinkCell | null {
  const m = HYPERLINK.exec(formula);
  if (!m) return null;
  const url = m[1]!.replace(/""/g, '"');
  const text = typeof result === "string" && result !== "" ? result : (m[2]?.replace(/""/g, '"') ?? url);
  return new LinkCell(url, text);
}

/** An exceljs cell value (rich text, formula, hyperlink, error …) → a plain cell. */
function plainCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return (v.richText as Array<{ text?: string }>).map((part) => part.text ?? "").join("");
    if (typeof v.formula === "string") {
      const link = hyperlinkOf(v.formula, v.result);
      if (link) return link;
    }
    if ("result" in v) return plainCell(v.result);
    if ("formula" in v || "sharedFormula" in v) return null;
    if (typeof v.hyperlink === "string" && typeof v.text === "string")
      return new LinkCell(v.hyperlink, v.text);
    if (typeof v.text === "string") return v.text;
    if ("error" in v) return null;
  }
  return String(value);
}

/**
 * A number format that prints a `%` sign without scaling (`0.00"%"`, `0\%`) — how Keduo's export writes
 * percent fields, 12.5 meaning 12.5 % — unlike Excel's own `0%`, which shows 0.125 as 12.5 %. Such a cell
 * is handed on as the text "12.5%", so the percent coercion cannot take it for a fraction.
 */
function showsLiteralPercent(format: string | undefined): boolean {
  return format !== undefined && /"[^"]*%[^"]*"|\\%/.test(format);
}

export interface XlsxSheetRows {
  name: string;
  rows: AsyncIterable<SheetRow>;
}

/**
 * Streams every worksheet in file order (exceljs's streaming reader: rows are parsed as the zip inflates,
 * never the whole workbook in memory). Each sheet's rows must be consumed — or skipped — before the next
 * sheet arrives; the zip was checked by zip-guard before this runs.
 */
export async function* xlsxSheets(source: Readable): AsyncGenerator<XlsxSheetRows> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  try {
    for await (const worksheet of reader) {
      const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
      yield {
        name: sheet.name,
        rows: (async function* () {
          for await (const row of sheet) {
            const values = Array.isArray(row.values) ? row.values : [];
            const cells: Cell[] = [];
            for (let i = 1; i < values.length; i++) {
              const value = values[i];
              cells.push(
                typeof value === "number" && showsLiteralPercent(row.getCell(i).numFmt)
                  ? `${value}%`
                  : plainCell(value),
              );
            }
            if (!isEmptyRow(cells)) yield { number: row.number, cells };
          }
        })(),
      };
    }
  } finally {
    // stopping early (header detection) must stop the stored file's reader too
    source.destroy();
  }
}

/** The rows of one sheet; the others are read past (a zip stream cannot seek). */
export async function* xlsxRows(source: Readable, sheetName: string): AsyncGenerator<SheetRow> {
  for await (const sheet of xlsxSheets(source)) {
    if (sheet.name === sheetName) {
      yield* sheet.rows;
      return;
    }
    for await (const _ of sheet.rows) {
      // drain
    }
  }
}
