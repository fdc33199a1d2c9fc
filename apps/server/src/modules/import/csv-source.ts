import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { type Cell, isEmptyRow, type SheetRow } from "./table-source.ts";

/**
 * UTF-8 (with or without BOM) when the bytes are valid UTF-8, UTF-16LE when the BOM says so, otherwise
 * GB18030 — the superset of GBK that Chinese Excel writes for "CSV (逗号分隔)".
 */
export function detectEncoding(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  try {
    // stream: true tolerates a character cut in half at the end of the sample.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, 256 * 1024), { stream: true });
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

/** The delimiter used most on the first line, of comma, tab and semicolon. */
export function detectDelimiter(firstText: string): string {
  const line = firstText.split(/\r?\n/, 1)[0] ?? "";
  const counts = [",", "\t", ";"].map((d) => [d, line.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ",";
}

/** Streams the rows (empty ones skipped, numbers kept); iconv strips a BOM. */
export async function* csvRows(
  source: Readable,
  encoding: string,
  delimiter: string,
): AsyncGenerator<SheetRow> {
  const parser = source
    .pipe(iconv.decodeStream(encoding))
    .pipe(parse({ delimiter, relax_column_count: true, relax_quotes: true, bom: true }));
  let number = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      number++;
      const cells: Cell[] = record.map((value) => (value === "" ? null : value));
      if (!isEmptyRow(cells)) yield { number, cells };
    }
  } finally {
    parser.destroy();
    source.destroy();
  }
}

export function csvFirstText(bytes: Buffer, encoding: string): string {
  return iconv.decode(bytes.subarray(0, 64 * 1024), encoding);
}
