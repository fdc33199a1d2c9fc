import { Readable } from "node:stream";
import { KeduoError } from "@keduo/core";
import type { ImportLimits } from "../../import-limits.ts";
import { csvFirstText, csvRows, detectDelimiter, detectEncoding } from "./csv-source.ts";
import { detectHeader, HEADER_SCAN_ROWS } from "./header-detect.ts";
import type { FileFacts, FileFormat, SheetFacts, SheetRow } from "./table-source.ts";
import { xlsxRows, xlsxSheets } from "./xlsx-source.ts";
import { inspectWorkbookZip } from "./zip-guard.ts";
import { forStreamingReader } from "./zip-restream.ts";

function malformed(error: unknown): KeduoError {
  if (error instanceof KeduoError) return error;
  const reason = error instanceof Error ? error.message.split("\n")[0]!.slice(0, 200) : "unreadable";
  return new KeduoError("IMPORT_MALFORMED", { params: { reason } });
}

function tooMany(max: number): KeduoError {
  return new KeduoError("IMPORT_TOO_MANY_ROWS", { params: { max } });
}

/**
 * Counts a sheet's rows as they stream by, keeping only the first few: the header is found among them, so
 * the upload answers the data rows under it (a title row above the header is not a row of data).
 */
class SheetCounter {
  private total = 0;
  private readonly lead: SheetRow[] = [];

  add(row: SheetRow): number {
    if (this.lead.length <= HEADER_SCAN_ROWS) this.lead.push(row);
    return ++this.total;
  }

  facts(name: string, merges: string[]): SheetFacts {
    const headerRow = detectHeader(this.lead, merges)?.headerRow ?? this.lead[0]?.number ?? 1;
    const above = this.lead.filter((r) => r.number <= headerRow).length;
    return {
      name,
      rows: Math.max(0, this.total - above),
      merges,
      header_row: headerRow,
      lead: this.lead.map((r) => r.number),
      total: this.total,
    };
  }
}

/** The data rows of a sheet under a header row the user chose (the upload counted under the one it found). */
export function dataRowsUnder(sheet: SheetFacts, headerRow: number): number {
  if (sheet.lead === undefined || sheet.total === undefined)
    return Math.max(0, sheet.rows - Math.max(0, headerRow - 1));
  const last = sheet.lead[sheet.lead.length - 1] ?? 0;
  const above = sheet.lead.filter((n) => n <= headerRow).length + Math.max(0, headerRow - last);
  return Math.max(0, sheet.total - above);
}

/** A stored file, opened anew for each pass (the store streams it a chunk at a time). */
export type OpenFile = () => Readable;

async function readAll(open: OpenFile): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of open()) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/**
 * Everything checked once the upload is stored, cheapest first (the magic bytes were sniffed from `head`,
 * the first chunk, before storing): (workbooks) the zip's declared and actual sizes, then one streaming pass
 * that counts rows and stops at the cap — a 1,000,000-row file over a 100,000 cap costs 100,001 parsed rows,
 * not a million — and proves the file parses to the end. A CSV is streamed; a workbook is read whole, since
 * its zip directory sits at the end and is read by offset (workbooks are compressed: ~8 MB per 100,000 rows).
 */
export async function analyzeFile(
  open: OpenFile,
  head: Buffer,
  format: FileFormat,
  limits: ImportLimits,
): Promise<FileFacts> {
  if (format === "csv") {
    const encoding = detectEncoding(head);
    const delimiter = detectDelimiter(csvFirstText(head, encoding));
    const counter = new SheetCounter();
    try {
      for await (const row of csvRows(open(), encoding, delimiter)) {
        // the header row counts too: one more than the cap of data rows is already too many
        if (counter.add(row) > limits.maxRows + 1) throw tooMany(limits.maxRows);
      }
    } catch (error) {
      throw malformed(error);
    }
    return { format, encoding, delimiter, sheets: [counter.facts("CSV", [])] };
  }
  const bytes = await readAll(open);
  const sheets = await inspectWorkbookZip(bytes, limits);
  const counters = new Map<string, SheetCounter>();
  let total = 0;
  try {
    for await (const sheet of xlsxSheets(Readable.from([forStreamingReader(bytes)]))) {
      const counter = new SheetCounter();
      counters.set(sheet.name, counter);
      for await (const row of sheet.rows) {
        counter.add(row);
        if (++total > limits.maxRows + sheets.length) throw tooMany(limits.maxRows);
      }
    }
  } catch (error) {
    throw malformed(error);
  }
  return {
    format,
    encoding: null,
    delimiter: null,
    sheets: sheets.map((s) => (counters.get(s.name) ?? new SheetCounter()).facts(s.name, s.merges)),
  };
}

export function readRows(open: OpenFile, facts: FileFacts, sheet: string): AsyncGenerator<SheetRow> {
  return facts.format === "csv"
    ? csvRows(open(), facts.encoding ?? "utf-8", facts.delimiter ?? ",")
    : workbookRows(open, sheet);
}

/** A workbook's rows: read whole (its directory is at the end) and reordered for the streaming reader. */
async function* workbookRows(open: OpenFile, sheet: string): AsyncGenerator<SheetRow> {
  yield* xlsxRows(Readable.from([forStreamingReader(await readAll(open))]), sheet);
}

/** The first rows of a sheet (header detection and samples), stopping the stream early. */
export async function firstRows(open: OpenFile, facts: FileFacts, sheet: string, count: number) {
  const rows: SheetRow[] = [];
  try {
    for await (const row of readRows(open, facts, sheet)) {
      rows.push(row);
      if (rows.length >= count) break;
    }
  } catch (error) {
    throw malformed(error);
  }
  return rows;
}
