import type { Cell, CellContext } from "./cell-values.ts";
import { csvLine, UTF8_BOM } from "./csv-writer.ts";
import type { ExportColumn } from "./export-columns.ts";
import type { ExportPage } from "./export-pages.ts";
import { neutraliseCsvText } from "./neutralise.ts";

function csvField(cell: Cell): string {
  if (cell === null) return "";
  if (cell.kind === "number") return cell.text;
  if (cell.kind === "text") return neutraliseCsvText(cell.value);
  return cell.value;
}

/**
 * The CSV text page by page (one chunk per page). `Readable.from` pulls the next chunk only when the client
 * has taken the previous ones, so a slow download slows the reads instead of filling memory.
 */
export async function* csvChunks(
  columns: ExportColumn[],
  header: "label" | "api_name",
  pages: AsyncIterable<ExportPage>,
  ctx: CellContext,
): AsyncGenerator<string> {
  const titles = columns.map((c) => (header === "label" ? c.header : c.key));
  yield UTF8_BOM + csvLine(titles.map((title) => neutraliseCsvText(title)));
  for await (const page of pages) {
    let chunk = "";
    for (const record of page.records) {
      chunk += csvLine(columns.map((column) => csvField(column.cell(record, page.names, ctx))));
    }
    yield chunk;
  }
}
