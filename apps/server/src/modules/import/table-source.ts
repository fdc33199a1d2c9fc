import { KeduoError } from "@keduo/core";

/**
 * A workbook link: a HYPERLINK(url, text) formula or a hyperlink cell. A URL field takes its address; every
 * other field, header and sample its text.
 */
export class LinkCell {
  readonly url: string;
  readonly text: string;
  constructor(url: string, text: string) {
    this.url = url;
    this.text = text;
  }
  toString(): string {
    return this.text;
  }
}

/** A cell as the readers hand it on: CSV gives text; workbooks give numbers, booleans, dates and links too. */
export type Cell = string | number | boolean | Date | LinkCell | null;

/** One non-empty row; `number` is the 1-based row number the user sees in Excel. */
export interface SheetRow {
  number: number;
  cells: Cell[];
}

export type FileFormat = "csv" | "xlsx";

/** A sheet as counted at upload: `rows` are the data rows under the header row found there. */
export interface SheetFacts {
  name: string;
  rows: number;
  merges: string[];
  /** The header row found at upload; the numbers of the first non-empty rows; all non-empty rows. */
  header_row?: number;
  lead?: number[];
  total?: number;
}

/** What was learnt about a file at upload (stored on the import, so later passes skip the sniffing). */
export interface FileFacts {
  format: FileFormat;
  /** CSV only: utf-8, utf-16le or gb18030. */
  encoding: string | null;
  /** CSV only: the delimiter. */
  delimiter: string | null;
  sheets: SheetFacts[];
}

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function refuse(reason: string): never {
  throw new KeduoError("IMPORT_FILE_TYPE", { params: { reason } });
}

/**
 * Decides from the first bytes, never from the file name or content type a client sent: an .xlsx is a zip
 * (`PK\x03\x04`); a CSV is text (no NUL bytes unless it is UTF-16 with its byte-order mark).
 */
export function sniffFormat(bytes: Buffer): FileFormat {
  if (bytes.length === 0) refuse("empty file");
  if (bytes.subarray(0, 4).equals(ZIP)) return "xlsx";
  if (bytes.subarray(0, 4).equals(OLE)) refuse("old .xls format: save it as .xlsx");
  if (bytes.subarray(0, 5).toString("latin1") === "%PDF-") refuse("PDF");
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "csv";
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) refuse("binary data");
  return "csv";
}

export function isEmptyRow(cells: Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === "string" && c.trim() === ""));
}

/** Cell → display text (error report, header names, text fields). */
export function cellText(cell: Cell): string {
  if (cell === null) return "";
  if (cell instanceof LinkCell) return cell.text.trim();
  if (cell instanceof Date) {
    const iso = cell.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
  }
  return String(cell).trim();
}
